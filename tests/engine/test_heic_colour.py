"""HEIC photos whose colour is named by code points (an "nclx" box: primaries, transfer) instead of
an ICC profile, written by pillow-heif itself, come out in sRGB: the reference for each is
LittleCMS converting the same colours through an ICC profile of that colour space (tests/engine/icc.py)."""
import io

import numpy as np
import pytest
from PIL import Image, ImageCms

from engine.images import SRGB, open_image

from .icc import BT2020, DISPLAY_P3

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
