"""Pictures with an ICC profile that are not plain RGB: a PNG whose see-through colour is named
by tRNS (PNG optimisers' logos) came out with that colour, black, for a background, once its
profile was applied (the conversion dropped the tRNS key); a greyscale picture's own grey
profile (Photoshop's grey working spaces, a Mac's gamma 1.8) was ignored, so its mid-tones came
out darker or lighter than every colour-managed viewer shows them."""
import io
import struct

import numpy as np
import pytest
from PIL import Image, ImageCms

from engine.images import SRGB, open_image
from tests.engine.icc import DISPLAY_P3, profile as icc_profile


def grey_profile(name: str, gamma: float) -> bytes:
    """An ICC v2 grey display profile: a white point and one gamma curve (kTRC)."""
    curve = b"curv" + bytes(4) + struct.pack(">IH", 1, round(gamma * 256)) + bytes(2)
    return icc_profile(name, [(b"kTRC", curve)], space=b"GRAY")


GAMMA_18 = grey_profile("Gray Gamma 1.8", 1.8)


def managed(value: int, profile: bytes) -> int:
    """What a colour-managed viewer shows for grey ``value`` in ``profile`` (lcms, as Pillow)."""
    source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    return ImageCms.profileToProfile(Image.new("L", (1, 1), value), source, SRGB, outputMode="RGB").getpixel((0, 0))[0]


def png(im: Image.Image, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "PNG", **kw)
    return buf.getvalue()


@pytest.mark.parametrize("mode,profile", [("RGB", DISPLAY_P3), ("L", GAMMA_18)])
def test_a_transparent_colour_with_a_profile_is_flattened_on_white_not_black(mode, profile):
    im = Image.new(mode, (64, 64), 0)
    im.paste((233, 51, 35) if mode == "RGB" else 128, (16, 16, 48, 48))
    out = open_image(png(im, transparency=(0, 0, 0) if mode == "RGB" else 0, icc_profile=profile))
    assert out.getpixel((2, 2)) == (255, 255, 255)
    logo = out.getpixel((30, 30))
    expected = (254, 0, 0) if mode == "RGB" else (managed(128, profile),) * 3
    assert np.abs(np.subtract(logo, expected)).max() <= 6, logo


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_greys_own_profile_is_applied(fmt):
    shown = managed(128, GAMMA_18)
    assert shown > 140                                      # gamma 1.8's mid-grey is lighter than sRGB's
    buf = io.BytesIO()
    Image.new("L", (64, 64), 128).save(buf, fmt, icc_profile=GAMMA_18, quality=95)
    out = open_image(buf.getvalue())
    assert np.abs(np.subtract(out.getpixel((30, 30)), (shown,) * 3)).max() <= 2


def test_a_grey_with_alpha_keeps_it_and_a_mismatched_profile_is_ignored():
    im = Image.new("LA", (64, 64), (0, 0))
    im.paste((128, 255), (16, 16, 48, 48))
    out = open_image(png(im, icc_profile=GAMMA_18))
    assert out.getpixel((2, 2)) == (255, 255, 255)
    assert abs(out.getpixel((30, 30))[0] - managed(128, GAMMA_18)) <= 2
    grey = open_image(png(Image.new("L", (64, 64), 128), icc_profile=DISPLAY_P3))   # an RGB profile on grey
    assert grey.getpixel((5, 5)) == (128, 128, 128)
