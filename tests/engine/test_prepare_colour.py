"""A photo handed to stylize as a Pillow image (Image.open of an iPhone's Display P3 JPEG, a HEIC
tagged by its nclx box) is painted in the colours its bytes would be: prepare applied EXIF
orientation, 16-bit greys and transparency as uploads get them, but not the photo's colour
profile, so the same file painted duller handed over opened than as its bytes or its path."""
import io

import numpy as np
import pytest
from PIL import Image

from engine.images import open_image, prepare
from tests.engine.icc import BT2020, DISPLAY_P3

P3_RED = (233, 51, 35)                       # sRGB's red in Display P3's numbers


def close(a, b, tolerance=6) -> bool:
    return np.abs(np.subtract(a, b)).max() <= tolerance


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "HEIF"])
def test_a_pillow_image_with_a_profile_is_prepared_in_srgb_like_its_bytes(fmt):
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), P3_RED).save(buf, fmt, icc_profile=DISPLAY_P3, quality=95)
    data = buf.getvalue()
    assert close(prepare(data, 128).getpixel((5, 5)), (254, 0, 0))
    with Image.open(io.BytesIO(data)) as im:
        assert close(prepare(im, 128).getpixel((5, 5)), (254, 0, 0))


def test_what_open_image_gave_is_not_converted_twice():
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), P3_RED).save(buf, "PNG", icc_profile=DISPLAY_P3)
    once = open_image(buf.getvalue())
    assert prepare(once, 128).getpixel((5, 5)) == once.getpixel((5, 5))
    plain = Image.new("RGB", (64, 64), P3_RED)             # no profile: its numbers as they are
    assert prepare(plain, 128).getpixel((5, 5)) == P3_RED


def test_a_grey_whose_profile_does_not_fit_it_is_left_as_its_bytes_are_once_prepared_too():
    """A grey JPEG carrying an RGB profile (BT.2020's curve): open_image leaves its numbers, as
    browsers do; the worker then hands that picture to stylize, whose prepare must not apply the
    profile after all."""
    buf = io.BytesIO()
    Image.new("L", (64, 64), 100).save(buf, "JPEG", icc_profile=BT2020, quality=95)
    once = open_image(buf.getvalue())
    assert once.getpixel((5, 5)) == (100, 100, 100)
    assert prepare(once, 128).getpixel((5, 5)) == (100, 100, 100)
    assert prepare(buf.getvalue(), 128).getpixel((5, 5)) == (100, 100, 100)
