"""Review of 44c9299: open_image reads a seekable file object's JPEG markers through StreamBytes,
which takes the object's size from seek(0, SEEK_END). An object that seeks from its start but not
from its end (io.UnsupportedOperation: a wrapper over a download, an archive member) was read whole
before (_jpeg_bytes); since 44c9299 its markers went unread, as a pipe's: a JPEG missing its end
marker was refused as truncated_image where its bytes are restored and painted, and the guard
against a million markers before the scan (seconds of libjpeg) was skipped. Such an object is read
whole again, its position kept; a stream without any position reads as before."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from engine.errors import TruncatedImageError
from engine.file_structure import JPEG_MARKERS_BEFORE_SCAN
from engine.images import open_image


class NoSeekFromEnd(io.BytesIO):
    """A seekable file object that cannot seek relative to its end."""

    def seek(self, offset, whence=io.SEEK_SET):
        if whence == io.SEEK_END:
            raise io.UnsupportedOperation("seek from the end")
        return super().seek(offset, whence)


class Unseekable(io.RawIOBase):
    """A pipe's or a socket's file: read once, no position."""

    def __init__(self, data: bytes):
        super().__init__()
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk = self._data.read(len(buffer))
        buffer[:len(chunk)] = chunk
        return len(chunk)


@pytest.fixture(scope="module")
def jpeg() -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(22).integers(0, 256, (96, 128, 3), dtype=np.uint8)).save(buf, "JPEG")
    assert buf.getvalue().endswith(b"\xff\xd9")
    return buf.getvalue()


def test_a_jpeg_missing_its_end_marker_is_restored_as_its_bytes_are(jpeg):
    unended = jpeg[:-2]
    f = NoSeekFromEnd(unended)
    f.seek(7)
    painted = open_image(f)
    assert painted.size == (128, 96)
    assert (np.asarray(painted) == np.asarray(open_image(unended))).all()


def test_a_jpeg_with_too_many_markers_is_refused_as_its_bytes_are(jpeg):
    comments = b"\xff\xfe\x00\x02" * (JPEG_MARKERS_BEFORE_SCAN + 10)      # empty COM segments
    crowded = jpeg[:2] + comments + jpeg[2:]
    with pytest.raises(TruncatedImageError):
        open_image(crowded)
    with pytest.raises(TruncatedImageError):
        open_image(NoSeekFromEnd(crowded))


def test_a_whole_jpeg_reads_alike_and_a_stream_as_before(jpeg):
    expected = np.asarray(open_image(jpeg))
    assert (np.asarray(open_image(NoSeekFromEnd(jpeg))) == expected).all()
    assert (np.asarray(open_image(Unseekable(jpeg))) == expected).all()
