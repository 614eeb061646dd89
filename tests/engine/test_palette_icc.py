"""A palette PNG (PNG optimisers' output: pngquant, ImageOptim) that keeps its Display P3 profile
was painted from its raw numbers: the profile was applied to RGB pictures only, so a Mac
screenshot or an iPhone photo quantised to 256 colours came out dull, as wide-gamut RGB photos
did before they were converted."""
import io

import numpy as np
import pytest
from PIL import Image, ImageCms

from engine.images import SRGB, open_image
from tests.engine.icc import DISPLAY_P3

P3 = ImageCms.ImageCmsProfile(io.BytesIO(DISPLAY_P3))


def in_p3(rgb) -> tuple[int, int, int]:
    return ImageCms.profileToProfile(Image.new("RGB", (1, 1), rgb), SRGB, P3, outputMode="RGB").getpixel((0, 0))


@pytest.mark.parametrize("transparent", [False, True])
def test_a_palette_png_with_a_wide_gamut_profile_is_painted_in_srgb(transparent):
    red = in_p3((254, 0, 0))
    assert np.abs(np.subtract(red, (233, 51, 35))).max() <= 2        # sRGB's red in P3's numbers
    im = Image.new("P", (64, 64), 0)
    im.putpalette([255, 255, 255, *red])
    im.paste(1, (16, 16, 48, 48))
    buf = io.BytesIO()
    im.save(buf, "PNG", icc_profile=DISPLAY_P3, **({"transparency": 0} if transparent else {}))
    out = open_image(buf.getvalue())
    assert out.mode == "RGB"
    assert np.abs(np.subtract(out.getpixel((30, 30)), (254, 0, 0))).max() <= 6
    assert out.getpixel((2, 2)) == (255, 255, 255)                   # white, or transparent: white


def test_a_palette_png_without_a_profile_keeps_its_numbers():
    im = Image.new("P", (64, 64), 0)
    im.putpalette([10, 20, 30, 233, 51, 35])
    im.paste(1, (16, 16, 48, 48))
    buf = io.BytesIO()
    im.save(buf, "PNG")
    out = open_image(buf.getvalue())
    assert out.getpixel((30, 30)) == (233, 51, 35) and out.getpixel((2, 2)) == (10, 20, 30)
