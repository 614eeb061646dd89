"""The engine decoded pictures Pillow decodes in Python (QOI, uncompressed DDS, plain-text PPM,
RLE BMP, ...) whole, with no draft scale, up to MAX_PIXELS: a 64 MP QOI took 70 s of CPU (16 MP
21 s), a worker's whole job, past the /hq frozen watchdog's 120 s on a loaded CPU. They are held
to PYTHON_MAX_PIXELS (4 MP: 5.8 s for a noise QOI here), refused as too large before decoding."""
from __future__ import annotations

import io
import struct
import time

import numpy as np
import pytest
from PIL import Image

from engine.errors import ImageTooLargeError
from engine.images import loaded, open_image


def qoi_header(width: int, height: int) -> bytes:
    return b"qoif" + struct.pack(">II", width, height) + bytes([3, 0]) + bytes(7) + b"\x01"


def test_a_64_megapixel_qoi_is_refused_before_it_is_decoded():
    start = time.process_time()
    with pytest.raises(ImageTooLargeError) as err:
        open_image(qoi_header(8000, 8000))
    assert err.value.key == "image_too_large"
    assert err.value.params == {"pixels": 64, "limit": 4}
    assert time.process_time() - start < 1


def test_its_path_and_its_opened_image_too(tmp_path):
    path = tmp_path / "big.qoi"
    path.write_bytes(qoi_header(4000, 2000))
    with pytest.raises(ImageTooLargeError):
        open_image(path)
    with pytest.raises(ImageTooLargeError):
        loaded(Image.open(path))


def test_a_small_qoi_still_paints():
    rng = np.random.default_rng(1)
    buf = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, (400, 600, 3), dtype=np.uint8), "RGB").save(buf, "QOI")
    assert open_image(buf.getvalue()).size == (600, 400)
