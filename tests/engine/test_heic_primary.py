"""A HEIC of several pictures whose primary one (what Photos and every viewer show) is not the
first: pillow-heif opens it at the primary picture, and open_image then asked for frame 0, so
the bot checked the primary picture's size at upload while the engine painted another one."""
import io

import pytest
from PIL import Image

from engine.images import open_image

pytest.importorskip("pillow_heif")


def test_the_primary_picture_is_painted_not_the_first():
    first = Image.new("RGB", (96, 64), (20, 40, 220))
    primary = Image.new("RGB", (64, 96), (200, 30, 30))
    buf = io.BytesIO()
    first.save(buf, "HEIF", save_all=True, append_images=[primary], primary_index=1, quality=95)
    with Image.open(io.BytesIO(buf.getvalue())) as im:
        assert im.size == (64, 96)                      # what the upload check sees
    out = open_image(buf.getvalue())
    assert out.size == (64, 96)
    r, g, b = out.getpixel((30, 40))
    assert r > 150 and b < 100
