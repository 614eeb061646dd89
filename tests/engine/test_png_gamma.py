"""A PNG's gAMA chunk (and cHRM, its primaries) says how its numbers map to light where it has no
ICC profile (iCCP) nor sRGB chunk: browsers honour it. It was ignored, so a PNG of linear data
(gAMA 1.0, from renderers and scientific tools) was painted far too dark. gAMA 0.45455 (1/2.2,
what most PNG writers put) stays sRGB, its numbers as they are."""
from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image, ImageCms

from engine.images import SRGB, open_image, prepare
from tests.engine.icc import _xyz_tag, _primaries_to_d50, profile as icc_profile

SRGB_CHRM = (0.3127, 0.329, 0.64, 0.33, 0.30, 0.60, 0.15, 0.06)
BT2020_CHRM = (0.3127, 0.329, 0.708, 0.292, 0.170, 0.797, 0.131, 0.046)


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(im: Image.Image, gamma: float | None = None, chrm=None, srgb: bool = False, icc: bytes | None = None) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "PNG", **({"icc_profile": icc} if icc else {}))
    data = buf.getvalue()
    extra = b""
    if gamma is not None:
        extra += chunk(b"gAMA", struct.pack(">I", round(gamma * 100000)))
    if chrm is not None:
        extra += chunk(b"cHRM", struct.pack(">8I", *(round(v * 100000) for v in chrm)))
    if srgb:
        extra += chunk(b"sRGB", b"\0")
    return data[:33] + extra + data[33:]          # after IHDR


def srgb8(linear: float) -> int:
    v = linear * 12.92 if linear <= 0.0031308 else 1.055 * linear ** (1 / 2.4) - 0.055
    return round(v * 255)


def test_linear_data_with_gamma_1_is_shown_as_browsers_show_it():
    out = open_image(png(Image.new("RGB", (48, 48), (55, 55, 55)), gamma=1.0))
    expected = srgb8(55 / 255)                        # 0.216 of white's light: sRGB's 128
    assert abs(out.getpixel((5, 5))[0] - expected) <= 1 and expected > 120


@pytest.mark.parametrize("mode,value", [("L", 55), ("LA", (55, 255)), ("RGBA", (55, 55, 55, 255)), ("P", None)])
def test_every_mode_of_a_gamma_1_png_is_shown_lighter(mode, value):
    if mode == "P":
        im = Image.new("RGB", (48, 48), (55, 55, 55)).convert("P", palette=Image.Palette.ADAPTIVE)
    else:
        im = Image.new(mode, (48, 48), value)
    out = open_image(png(im, gamma=1.0))
    assert abs(out.getpixel((5, 5))[0] - srgb8(55 / 255)) <= 1


def test_a_sixteen_bit_grey_linear_png_is_shown_lighter():
    im = Image.fromarray(np.full((48, 48), 55 * 257, np.uint16))
    out = open_image(png(im, gamma=1.0))
    assert abs(out.getpixel((5, 5))[0] - srgb8(55 / 255)) <= 1


@pytest.mark.parametrize("gamma,chrm,srgb", [(0.45455, None, False), (0.45455, SRGB_CHRM, False),
                                             (1.0, None, True), (None, None, False)])
def test_srgb_pngs_keep_their_numbers(gamma, chrm, srgb):
    rng = np.random.default_rng(4)
    im = Image.fromarray(rng.integers(0, 256, (40, 40, 3), np.uint8), "RGB")
    assert open_image(png(im, gamma=gamma, chrm=chrm, srgb=srgb)).tobytes() == im.tobytes()


def test_an_icc_profile_wins_over_gamma():
    sRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    im = Image.new("RGB", (40, 40), (55, 55, 55))
    assert open_image(png(im, gamma=1.0, icc=sRGB)).getpixel((5, 5)) == (55, 55, 55)


def linear_profile(chrm) -> bytes:
    white = chrm[:2]
    primaries = [chrm[2:4], chrm[4:6], chrm[6:8]]
    m = _primaries_to_d50(primaries, white)
    identity = b"curv" + bytes(4) + struct.pack(">I", 0)     # no entries: linear
    return icc_profile("linear BT.2020", [(b"rXYZ", _xyz_tag(m[:, 0])), (b"gXYZ", _xyz_tag(m[:, 1])),
                                          (b"bXYZ", _xyz_tag(m[:, 2])), (b"rTRC", identity),
                                          (b"gTRC", identity), (b"bTRC", identity)])


def test_chrm_primaries_are_converted_as_a_colour_managed_viewer_does():
    colour = (120, 60, 30)
    im = Image.new("RGB", (48, 48), colour)
    out = open_image(png(im, gamma=1.0, chrm=BT2020_CHRM)).getpixel((5, 5))
    source = ImageCms.ImageCmsProfile(io.BytesIO(linear_profile(BT2020_CHRM)))
    expected = ImageCms.profileToProfile(im, source, SRGB, outputMode="RGB").getpixel((5, 5))
    assert max(abs(a - b) for a, b in zip(out, expected)) <= 2, (out, expected)
    plain = open_image(png(im, gamma=1.0)).getpixel((5, 5))
    assert max(abs(a - b) for a, b in zip(out, plain)) > 10       # the primaries made a difference


def test_prepare_converts_once():
    data = png(Image.new("RGB", (48, 48), (55, 55, 55)), gamma=1.0)
    once = open_image(data)
    assert prepare(once, 512).getpixel((5, 5)) == once.getpixel((5, 5))
    assert prepare(Image.open(io.BytesIO(data)), 512).getpixel((5, 5)) == once.getpixel((5, 5))
