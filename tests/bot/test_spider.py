"""A picture the bot takes at upload is one the engine decodes: a SPIDER file (cryo-EM, a float
picture Pillow reads) passed the upload check and was kept, and the engine then told the user it
was "incomplete or damaged; please send it again": Pillow's SPIDER reader refuses seek(0) on a
single picture, and open_image asked for the first frame of every picture."""
import io

import numpy as np
from PIL import Image

from bot.images import check_upload
from engine.images import open_image


def spider() -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.linspace(0, 255, 48 * 64, dtype=np.float32).reshape(48, 64), "F").save(buf, "SPIDER")
    return buf.getvalue()


def test_a_picture_the_bot_takes_the_engine_decodes():
    """A SPIDER file (cryo-EM) passed the upload check, was kept, and the engine then called it
    damaged: Pillow's SPIDER reader refuses seek(0) on a single picture."""
    data = spider()
    assert check_upload(data, 20, 40) == (64, 48)
    out = open_image(data)
    assert out.size == (64, 48)
    assert out.getpixel((0, 0))[0] < 10 and out.getpixel((63, 47))[0] > 245
