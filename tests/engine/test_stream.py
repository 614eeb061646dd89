"""open_image given a stream it cannot seek (a pipe: the CLI's photo from stdin, a socket's
file) and a damaged picture raised a bare OSError ('Illegal seek', from reading its bytes back
for jpeg_end_restored: c74251e's _mapped took a file object's position without a guard) where it
said the picture is damaged (TruncatedImageError) before; it says so again."""
from __future__ import annotations

import io
import os

import pytest
from PIL import Image

from engine.errors import TruncatedImageError
from engine.images import open_image


def jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (300, 200), (10, 200, 30)).save(buf, "JPEG")
    return buf.getvalue()


def piped(data: bytes):
    r, w = os.pipe()
    os.write(w, data)
    os.close(w)
    return os.fdopen(r, "rb")


def test_a_whole_jpeg_from_a_pipe_is_read():
    with piped(jpeg()) as f:
        assert open_image(f).size == (300, 200)


@pytest.mark.parametrize("cut", ["half", "end marker"])
def test_a_damaged_jpeg_from_a_pipe_is_called_damaged(cut):
    data = jpeg()
    data = data[:len(data) // 2] if cut == "half" else data[:-2]
    with piped(data) as f, pytest.raises(TruncatedImageError):
        open_image(f)
