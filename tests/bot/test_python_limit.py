"""Pictures Pillow decodes in Python (its DECODERS: QOI, uncompressed DDS, plain-text PPM, RLE
BMP, SGI 16-bit, XPM, ...) take about a second of CPU a megapixel, decoded whole (a 64 MP QOI took
70 s in the engine, a 4 MP one 5.8 s here), and were taken at upload up to the 64 MP limit. They
are held to PYTHON_MAX_PIXELS (4 MP) at upload, with the usual "too large" reply, as in the engine."""
from __future__ import annotations

import io
import struct

import pytest

from bot.images import check_upload, UploadError
from tests.bot.test_upload_formats import upload_reply


def qoi_header(width: int, height: int) -> bytes:
    """A QOI's header and its end marker: what its structure check looked at."""
    return b"qoif" + struct.pack(">II", width, height) + bytes([3, 0]) + bytes(7) + b"\x01"


def test_a_large_qoi_is_refused_as_too_large_at_upload():
    with pytest.raises(UploadError) as err:
        check_upload(qoi_header(8000, 8000), 20, 64)
    assert err.value.key == "image_too_large"
    assert err.value.params == {"pixels": "64", "limit": "4"}


def test_one_just_past_the_limit_too():
    assert upload_reply(qoi_header(2001, 2000)) == "image_too_large"


def test_a_jpeg_of_that_size_is_not_held_to_it():
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (3000, 2000), (90, 120, 200)).save(buf, "JPEG")
    assert check_upload(buf.getvalue(), 20, 64) == (3000, 2000)


def test_the_limit_is_the_engines():
    from bot.images import PYTHON_MEGAPIXELS
    from engine.images import PYTHON_MAX_PIXELS
    assert PYTHON_MEGAPIXELS * 1_000_000 == PYTHON_MAX_PIXELS
