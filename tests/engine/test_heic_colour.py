"""HEIC photos whose colour is named by code points (an "nclx" box: primaries, transfer) instead of
an ICC profile, written by pillow-heif itself, come out in sRGB: the reference for each is
LittleCMS converting the same colours through an ICC profile of that colour space (tests/engine/icc.py)."""
import io

import numpy as np
import pytest
from PIL import Image, ImageCms

from engine.images import SRGB, open_image

from tests.engine.icc import BT2020, DISPLAY_P3

# sRGB colours inside both gamuts: saturated red, green and blue, skin, sky, grey
PATCHES = [(254, 0, 0), (0, 200, 0), (20, 30, 230), (224, 172, 140), (110, 160, 220), (128, 128, 128)]


def patches() -> Image.Image:
    im = Image.new("RGB", (32 * len(PATCHES), 32))
    for i, colour in enumerate(PATCHES):
        im.paste(colour, (32 * i, 0, 32 * (i + 1), 32))
    return im


def heic(im: Image.Image, primaries: int, transfer: int, **kw) -> bytes:
    """Lossless (RGB kept as RGB: matrix 0, 4:4:4), so only the colour handling can differ."""
    buf = io.BytesIO()
    im.save(buf, "HEIF", quality=-1, chroma=444, color_primaries=primaries, transfer_characteristics=transfer,
            matrix_coefficients=0, full_range_flag=1, **kw)
    return buf.getvalue()


def centres(im: Image.Image) -> np.ndarray:
    return np.array([im.getpixel((32 * i + 16, 16))[:3] for i in range(len(PATCHES))], dtype=int)


def stored_in(profile: bytes) -> Image.Image:
    """The patches' numbers in another colour space, as a camera would store them."""
    stored = ImageCms.profileToProfile(patches(), SRGB, ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                                       outputMode="RGB")
    stored.info.pop("icc_profile", None)          # pillow-heif would save it (and no nclx box)
    return stored


@pytest.mark.parametrize("name,primaries,transfer,profile", [
    ("Display P3 (recent iPhones)", 12, 13, DISPLAY_P3),
    ("BT.2020 (10-bit cameras)", 9, 14, BT2020),
])
def test_a_wide_gamut_heic_tagged_by_nclx_is_painted_in_srgb(name, primaries, transfer, profile):
    stored = stored_in(profile)
    data = heic(stored, primaries, transfer)
    with Image.open(io.BytesIO(data)) as raw:
        raw.load()
        assert raw.info["nclx_profile"]["color_primaries"] == primaries and "icc_profile" not in raw.info
        assert (centres(raw) == centres(stored)).all()                # lossless: the numbers as stored
    assert np.abs(centres(stored) - PATCHES).max() > 20, name          # they are far from sRGB's ...
    assert np.abs(centres(open_image(data)) - PATCHES).max() <= 3, name   # ... and converted back


@pytest.mark.parametrize("primaries,transfer", [(1, 13), (1, 1), (2, 2), (1, 6), (10, 13)])
def test_srgb_bt709_unspecified_or_unknown_nclx_pass_unchanged(primaries, transfer):
    """pillow-heif's own default box is (1, 13): most HEICs. BT.709 shares sRGB's primaries. 10
    (CIE XYZ as primaries) is not converted: no camera writes it."""
    data = heic(patches(), primaries, transfer)
    assert (centres(open_image(data)) == PATCHES).all()


def test_a_display_p3_heic_with_transparency_keeps_it():
    rgba = stored_in(DISPLAY_P3).convert("RGBA")
    rgba.putalpha(Image.new("L", rgba.size, 255))
    rgba.paste((0, 0, 0, 0), (0, 0, 16, 32))                          # the red patch's left half clear
    decoded = open_image(heic(rgba, 12, 13))
    assert decoded.getpixel((4, 16)) == (255, 255, 255)               # flattened on white
    assert np.abs(centres(decoded) - PATCHES).max() <= 3


def pq_code(nits: float) -> int:
    """SMPTE ST 2084's inverse EOTF, as an 8-bit code."""
    m1, m2, c1, c2, c3 = 2610 / 16384, 2523 / 4096 * 128, 3424 / 4096, 2413 / 4096 * 32, 2392 / 4096 * 32
    y = (nits / 10000) ** m1
    return round(255 * ((c1 + c2 * y) / (1 + c3 * y)) ** m2)


def test_an_hdr_pq_heic_keeps_its_midtones_and_rolls_its_highlights_off():
    """BT.2100 PQ (an Android phone's HDR HEIC): diffuse white is 203 cd/m2 (BT.2408), shown near
    white; mid grey (18% of it) near sRGB's mid grey; highlights up to 4000 cd/m2 brighter still,
    in order, not clipped flat; not the raw PQ numbers (which put mid grey at 35%, white at 58%)."""
    nits = [0.1, 0.18 * 203, 203, 600, 1000, 4000]
    codes = [pq_code(n) for n in nits]
    im = Image.new("RGB", (32 * len(codes), 32))
    for i, code in enumerate(codes):
        im.paste((code, code, code), (32 * i, 0, 32 * (i + 1), 32))
    decoded = open_image(heic(im, 9, 16))
    grey = [decoded.getpixel((32 * i + 16, 16)) for i in range(len(codes))]
    assert all(r == g == b for r, g, b in grey)
    levels = [g[0] for g in grey]
    assert levels[0] <= 8
    assert abs(levels[1] - 118) <= 6                                  # 18% grey in sRGB
    assert 230 <= levels[2] < levels[3] < levels[4] < levels[5] <= 255
    assert levels[2] > codes[2] + 80


def test_a_heic_with_an_icc_profile_is_converted_by_its_profile():
    """An iPhone's HEIC carries Display P3 as an ICC profile: that path is kept."""
    buf = io.BytesIO()
    stored_in(DISPLAY_P3).save(buf, "HEIF", quality=-1, chroma=444, matrix_coefficients=0, icc_profile=DISPLAY_P3)
    with Image.open(io.BytesIO(buf.getvalue())) as raw:
        assert "icc_profile" in raw.info
    assert np.abs(centres(open_image(buf.getvalue())) - PATCHES).max() <= 3


def hlg_code(scene: float) -> int:
    """ARIB STD-B67's OETF (scene light 0..1) as an 8-bit code."""
    a, b, c = 0.17883277, 0.28466892, 0.55991073
    return round(255 * (np.sqrt(3 * scene) if scene <= 1 / 12 else a * np.log(12 * scene - b) + c))


def test_hlg_is_shown_through_bt2100s_ootf_system_gamma_1_2():
    """BT.2100's reference display shows HLG scene light E as 1000 cd/m2 x E x Ys^0.2 (Ys the scene
    luminance, BT.2020's weights): a grey at half signal (E = 1/12) is 50.7 cd/m2, a full red 765.
    Taken without it, mid-tones came out a stop too bright next to PQ's."""
    from engine.colour_spaces import HLG, PQ_WHITE_NITS, hlg_ootf, luminance_weights, to_linear

    scene = to_linear(np.array([[0.5, 0.5, 0.5], [1.0, 0.0, 0.0], [0.75, 0.75, 0.75]]), HLG)
    nits = hlg_ootf(scene, luminance_weights(9)) * PQ_WHITE_NITS
    assert np.allclose(nits[0], 1000 * (1 / 12) ** 1.2, rtol=0.005)            # 50.7 cd/m2
    assert np.allclose(nits[1], [1000 * 0.2627 ** 0.2, 0, 0], rtol=0.005)       # 765 cd/m2
    assert np.allclose(nits[2], 203, rtol=0.01)                                 # reference white (BT.2408)


def test_an_hlg_heics_midtones_are_those_of_its_reference_display():
    """End to end: greys coded at 18% and 50% of reference white's scene light come out as sRGB
    shows the display light BT.2100 gives them (not their scene light: 18% grey was 117, now 100)."""
    white = 0.2647
    shares = [0.18, 0.5]
    codes = [hlg_code(share * white) for share in shares]
    im = Image.new("RGB", (32 * len(codes), 32))
    for i, code in enumerate(codes):
        im.paste((code, code, code), (32 * i, 0, 32 * (i + 1), 32))
    decoded = open_image(heic(im, 9, 18))
    a, b, c = 0.17883277, 0.28466892, 0.55991073
    for i, code in enumerate(codes):
        v = code / 255
        scene = v * v / 3 if v <= 0.5 else (np.exp((v - c) / a) + b) / 12
        display = (scene / white) ** 1.2                                       # relative to reference white
        want = round(255 * (1.055 * display ** (1 / 2.4) - 0.055))
        got = decoded.getpixel((32 * i + 16, 16))
        assert got[0] == got[1] == got[2] and abs(got[0] - want) <= 2, (shares[i], got, want)
