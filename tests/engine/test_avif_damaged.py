"""An AVIF whose coded picture is damaged (its boxes whole, so a large one passes the upload
check, which reads only their structure past 4 MP): Pillow's AVIF reader raises RuntimeError,
which open_image let through as an engine bug, and the user heard "Something went wrong while
painting your picture. Please try again." (engine_error) for every try, not that the file is
damaged."""
import io

import numpy as np
import pytest
from PIL import Image

from engine.errors import TruncatedImageError
from engine.images import open_image, prepare


def damaged_avif() -> bytes:
    rng = np.random.default_rng(0)
    im = Image.fromarray((rng.random((60, 80, 3)) * 255).astype(np.uint8)).resize((320, 240))
    buf = io.BytesIO()
    im.save(buf, "AVIF", quality=60)
    data = bytearray(buf.getvalue())
    start = data.find(b"mdat") + 4                    # the coded picture: its first bytes zeroed
    data[start:start + 200] = bytes(200)
    return bytes(data)


def test_a_damaged_avif_is_called_damaged_not_an_engine_error():
    data = damaged_avif()
    with Image.open(io.BytesIO(data)) as im:         # Pillow's own error: a RuntimeError
        with pytest.raises(RuntimeError):
            im.load()
    with pytest.raises(TruncatedImageError):
        open_image(data)
    with pytest.raises(TruncatedImageError):         # its bytes handed to stylize, as an upload
        prepare(data, 128)
    with pytest.raises(TruncatedImageError):         # a Pillow image handed to stylize
        prepare(Image.open(io.BytesIO(data)), 128)
