"""Pictures Pillow decodes in Python (QOI, uncompressed DDS, plain-text PPM/PGM, RLE BMP, MSP,
BLP) were decoded whole at upload up to 4 MP to see that they are whole: a 2000x2000 QOI or DDS
took 6.4 s of CPU in check_upload's thread (a text PGM of 1.4 MP 0.9 s), while the user waited.
Past a quarter of a megapixel they are now judged by their structure, as larger pictures of
every format are (a QOI's end marker, a DDS's pixel bytes, an RLE BMP's runs): one cut short is
still refused, a whole one taken, without the Python decoder."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageFile

from bot.images import check_upload
from tests.bot.test_upload_formats import upload_reply


def picture(fmt: str, width: int, height: int) -> bytes:
    rng = np.random.default_rng(2)
    buf = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, (height, width, 3), dtype=np.uint8), "RGB").save(buf, fmt)
    return buf.getvalue()


@pytest.fixture
def python_decoded(monkeypatch) -> list:
    formats = []
    real_load = ImageFile.ImageFile.load

    def load(self, *args, **kw):
        if self.tile and any(tile.codec_name in Image.DECODERS for tile in self.tile):
            formats.append(self.format)
        return real_load(self, *args, **kw)
    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    return formats


@pytest.mark.parametrize("fmt", ["QOI", "DDS"])
def test_a_large_picture_pillow_decodes_in_python_is_judged_by_its_structure(python_decoded, fmt):
    data = picture(fmt, 1200, 1000)
    assert check_upload(data, 20, 64) == (1200, 1000)
    assert upload_reply(data[:-100]) == "truncated_image"
    assert upload_reply(data[:len(data) // 2]) == "truncated_image"
    assert python_decoded == []


@pytest.mark.parametrize("fmt", ["QOI", "DDS"])
def test_a_small_one_is_still_decoded_whole(python_decoded, fmt):
    data = picture(fmt, 300, 200)
    assert check_upload(data, 20, 64) == (300, 200)
    assert upload_reply(data[:-100]) == "truncated_image"
    assert python_decoded
