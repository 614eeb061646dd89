"""file_structure.FileBytes serves small reads from its window in place (a walk over 200,000
tiny PNG chunks or boxes was 4-5x slower than over the bytes): what it serves must be exactly
the bytes' answers (slices, a byte, unpack_from, at every window edge), the file is read in few
window-sized reads, and a file cut shorter while read is still refused (CutShort)."""
from __future__ import annotations

import os
import random
import struct
import zlib

import pytest

from engine import file_structure
from engine.file_structure import PNG_SIGNATURE, CutShort, FileBytes, boxes, png_without_refused_metadata, unpack_from


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I4s", len(body), kind) + body + struct.pack(">I", zlib.crc32(kind + body))


@pytest.fixture
def blob(tmp_path):
    data = random.Random(21).randbytes(5000)
    path = tmp_path / "blob.bin"
    path.write_bytes(data)
    return path, data


@pytest.mark.parametrize("window", [3, 7, 64, 4096])
def test_what_it_serves_is_the_bytes_answer_at_every_window_edge(blob, monkeypatch, window):
    monkeypatch.setattr(FileBytes, "WINDOW", window)
    path, data = blob
    picks = random.Random(window)
    with open(path, "rb") as f:
        fb = FileBytes(f)
        for _ in range(3000):
            start = picks.randrange(-20, len(data) + 20)
            stop = start + picks.randrange(0, 3 * window + 20)
            assert fb[start:stop] == data[start:stop], (start, stop)
            if -len(data) <= start < len(data):
                assert fb[start] == data[start]
            for fmt in (">I4s", ">Q", ">H", "B"):
                try:
                    expected = struct.unpack_from(fmt, data, start) if start >= 0 else None
                except struct.error:
                    expected = struct.error
                if start < 0:
                    continue
                if expected is struct.error:
                    with pytest.raises(struct.error):
                        unpack_from(fmt, fb, start)
                else:
                    assert unpack_from(fmt, fb, start) == expected
        assert fb[len(data) - 3:] == data[-3:] and fb[:5] == data[:5]
        with pytest.raises(IndexError):
            fb[len(data)]


def test_a_walk_over_many_tiny_chunks_reads_the_file_in_windows(tmp_path, monkeypatch):
    ihdr = _chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
    refused = _chunk(b"zTXt", b"xmp\0\0" + zlib.compress(bytes(2 << 20)))     # inflates past the limit
    png = PNG_SIGNATURE + ihdr + _chunk(b"tEXt", b"k\0v") * 20_000 + refused + _chunk(b"IEND", b"")
    path = tmp_path / "many.png"
    path.write_bytes(png)
    reads = []
    real = os.pread
    monkeypatch.setattr(file_structure.os, "pread", lambda fd, n, at: reads.append(n) or real(fd, n, at))
    with open(path, "rb") as f:
        walked = png_without_refused_metadata(FileBytes(f), 1 << 20, 64 << 20)
    assert walked == png.replace(refused, b"") == png_without_refused_metadata(png, 1 << 20, 64 << 20)
    assert len(reads) <= len(png) // FileBytes.WINDOW + 2, len(reads)


def test_boxes_walked_in_a_file_are_the_bytes_boxes(tmp_path, monkeypatch):
    monkeypatch.setattr(FileBytes, "WINDOW", 50)
    data = b"".join(struct.pack(">I4s", 8 + n % 5, b"free") + bytes(n % 5) for n in range(3000))
    path = tmp_path / "boxes.bin"
    path.write_bytes(data)
    with open(path, "rb") as f:
        assert list(boxes(FileBytes(f), 0, len(data))) == list(boxes(data, 0, len(data)))


def test_a_file_cut_while_read_is_still_refused_past_the_window(blob, monkeypatch):
    monkeypatch.setattr(FileBytes, "WINDOW", 64)
    path, data = blob
    with open(path, "rb") as f:
        fb = FileBytes(f)
        assert fb[0:8] == data[0:8]
        os.truncate(path, 1000)
        assert fb[8:16] == data[8:16]           # the window read before the cut: as it was
        with pytest.raises(CutShort):
            fb[2000:2008]
        with pytest.raises(CutShort):
            unpack_from(">I", fb, 3000)
