"""open_image given an AVIF as a file object (not a path, not bytes) read the whole file a second
time to find its colour box (nclx), after Pillow had decoded it: a seekable file object's boxes
are read in windows now, as a path's are (file_structure.FileBytes' way), its position kept."""
from __future__ import annotations

import io
import random
import struct

import numpy as np
import pytest
from PIL import Image

from engine.file_structure import FileBytes
from engine.images import open_image, prepare

from tests.engine.icc import DISPLAY_P3
from tests.engine.test_avif_colour import avif, tagged
from tests.engine.test_heic_colour import PATCHES, centres, patches, stored_in


class Counted(io.RawIOBase):
    """A seekable file object over ``data`` that counts the bytes read from it (no fileno)."""

    def __init__(self, data: bytes):
        super().__init__()
        self._f, self.read_bytes = io.BytesIO(data), 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._f.tell()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._f.seek(offset, whence)

    def readinto(self, buffer) -> int:
        n = self._f.readinto(buffer)
        self.read_bytes += n
        return n


@pytest.fixture(scope="module")
def large_p3_avif() -> bytes:
    """A Display P3 AVIF (its nclx box says so) of a few MB: noise around the colour patches."""
    stored = np.asarray(stored_in(DISPLAY_P3).resize((1024, 1024), Image.NEAREST)).astype(np.int16)
    noise = np.random.default_rng(21).integers(-6, 7, stored.shape)
    im = Image.fromarray(np.clip(stored + noise, 0, 255).astype(np.uint8))
    data = tagged(avif(im), 12, 13)
    assert len(data) > 20 * FileBytes.WINDOW
    return data


def _pillow_reads(data: bytes) -> int:
    """What Pillow itself reads of ``data`` as a file object to decode it."""
    counted = Counted(data)
    with Image.open(counted) as im:
        im.load()
    return counted.read_bytes


def test_an_avif_file_objects_colour_box_is_read_without_reading_it_whole_again(large_p3_avif):
    counted = Counted(large_p3_avif)
    out = open_image(counted)
    extra = counted.read_bytes - _pillow_reads(large_p3_avif)
    assert extra <= 4 * FileBytes.WINDOW, (extra, len(large_p3_avif))
    assert out.size == (1024, 1024)


def test_its_colour_is_converted_as_from_its_bytes_and_its_path(large_p3_avif, tmp_path):
    path = tmp_path / "p3.avif"
    path.write_bytes(large_p3_avif)
    from_stream = np.asarray(open_image(Counted(large_p3_avif)), dtype=np.int16)
    assert (from_stream == np.asarray(open_image(large_p3_avif), dtype=np.int16)).all()
    assert (from_stream == np.asarray(open_image(path), dtype=np.int16)).all()
    small = tagged(avif(stored_in(DISPLAY_P3)), 12, 13)
    assert np.abs(centres(open_image(Counted(small))) - PATCHES).max() <= 4     # P3 read, as a path's


def test_its_position_is_kept_and_a_plain_avif_stays_as_it_was():
    plain = avif(patches())
    stream = Counted(plain)
    stream.seek(0)
    with Image.open(io.BytesIO(plain)) as raw:
        assert (centres(open_image(stream)) == centres(raw.convert("RGB"))).all()


def test_prepare_of_an_opened_avif_reads_its_box_in_windows(large_p3_avif):
    counted = Counted(large_p3_avif)
    out = prepare(Image.open(counted), 1024)
    assert np.abs(np.asarray(out, dtype=np.int16) - np.asarray(open_image(large_p3_avif), dtype=np.int16)).max() <= 1
    extra = counted.read_bytes - _pillow_reads(large_p3_avif)
    assert extra <= 4 * FileBytes.WINDOW, (extra, len(large_p3_avif))


def test_stream_bytes_serve_the_bytes_answers_and_keep_the_position(monkeypatch):
    from engine.file_structure import CutShort, StreamBytes, unpack_from

    monkeypatch.setattr(FileBytes, "WINDOW", 16)
    data = random.Random(4).randbytes(1000)
    stream = Counted(data)
    stream.seek(123)
    sb = StreamBytes(stream)
    picks = random.Random(5)
    for _ in range(500):
        start = picks.randrange(0, 1010)
        stop = start + picks.randrange(0, 60)
        assert sb[start:stop] == data[start:stop]
        if start < len(data):
            assert sb[start] == data[start]
        if start + 8 <= len(data):
            assert unpack_from(">I4s", sb, start) == struct.unpack_from(">I4s", data, start)
    assert stream.tell() == 123 and len(sb) == 1000
    assert sb.joined(10, b"end") == bytearray(data[:10] + b"end")
    stream._f.truncate(500)                     # it ended shorter while read
    with pytest.raises(CutShort):
        sb[900:910]
