"""An AVIF handed to stylize as a Pillow image (Image.open of a Display P3 AVIF) is painted in the
colours its bytes or its path are: Pillow's AVIF reader sets no info["nclx_profile"], which only
open_image read from the file, so prepare painted the P3 numbers as sRGB (sRGB's red as 233,51,35)."""
import io

import numpy as np
from PIL import Image

from engine.images import open_image, prepare
from tests.engine.test_avif_colour import avif, tagged

P3_RED = (233, 51, 35)                       # sRGB's red in Display P3's numbers


def p3_avif() -> bytes:
    return tagged(avif(Image.new("RGB", (64, 64), P3_RED)), 12, 13)


def close(a, b, tolerance=6) -> bool:
    return np.abs(np.subtract(a, b)).max() <= tolerance


def test_a_display_p3_avif_opened_by_pillow_is_prepared_as_its_bytes_are(tmp_path):
    data = p3_avif()
    red = open_image(data).getpixel((5, 5))
    assert close(red, (254, 0, 0)) and close(prepare(data, 128).getpixel((5, 5)), red, 2)
    with Image.open(io.BytesIO(data)) as im:
        assert close(prepare(im, 128).getpixel((5, 5)), red, 2)
    path = tmp_path / "p3.avif"
    path.write_bytes(data)
    with Image.open(path) as im:
        assert close(prepare(im, 128).getpixel((5, 5)), red, 2)


def test_open_images_result_is_not_converted_twice(tmp_path):
    path = tmp_path / "p3.avif"
    path.write_bytes(p3_avif())
    for source in (path, path.read_bytes()):
        once = open_image(source)
        assert prepare(once, 128).getpixel((5, 5)) == once.getpixel((5, 5))
    srgb = tmp_path / "srgb.avif"
    srgb.write_bytes(avif(Image.new("RGB", (64, 64), P3_RED)))
    once = open_image(srgb)
    assert close(once.getpixel((5, 5)), P3_RED) and prepare(once, 128).getpixel((5, 5)) == once.getpixel((5, 5))
