"""Review of 44c9299 (a file object's JPEG markers read through StreamBytes, as a path's through
FileBytes): FileBytes.search re-read a whole 64 KiB window from each position it was asked about,
even where the window it held had those bytes. A JPEG's marker walk searches from each marker on:
4,000 markers before the scan (under the 4,096 allowed) read a 10 MB file 108 times over in
_jpeg_markers' scans, a 105 KB one 3,700 times (bench/file_bytes_small_reads.py). The window held now serves a search or find that starts in it; what they answer must stay
the bytes' answer at every window edge, whichever window was held before."""
from __future__ import annotations

import io
import random
import re

import numpy as np
import pytest
from PIL import Image

from engine import file_structure
from engine.file_structure import FileBytes, StreamBytes

MARKERS = 4000


class CountedStream(StreamBytes):
    """StreamBytes counting the bytes its reads ask of the file object."""

    def __init__(self, f):
        super().__init__(f)
        self.read = 0

    def _read(self, start: int, stop: int) -> bytes:
        self.read += max(0, stop - start)
        return super()._read(start, stop)


@pytest.fixture(scope="module")
def crowded_jpeg() -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(22).integers(0, 256, (200, 200, 3), dtype=np.uint8)).save(buf, "JPEG")
    photo = buf.getvalue()
    return photo[:2] + (b"\xff\xfe\x00\x12" + b"c" * 16) * MARKERS + photo[2:]


def test_a_marker_walk_reads_the_file_about_once(crowded_jpeg):
    data = CountedStream(io.BytesIO(crowded_jpeg))
    assert file_structure.jpeg_markers_before_scan(data) == file_structure.jpeg_markers_before_scan(crowded_jpeg)
    assert data.read <= 2 * len(crowded_jpeg), data.read / len(crowded_jpeg)     # was 1,233x
    data.read = 0
    assert file_structure.jpeg_too_complex(data) is file_structure.jpeg_too_complex(crowded_jpeg) is False
    assert data.read <= 4 * len(crowded_jpeg), data.read / len(crowded_jpeg)     # was 3,700x


def test_a_fill_run_search_reads_the_file_little_more_than_once(monkeypatch):
    fill = b"\xff" * file_structure.JPEG_FILL_RUN
    body = random.Random(22).randbytes(20 * FileBytes.WINDOW).replace(b"\xff", b"\x00")
    data = CountedStream(io.BytesIO(body + fill))
    assert data.find(fill, 0) == len(body)
    assert data.read <= 1.5 * (len(body) + len(fill)), data.read / (len(body) + len(fill))     # was 2x


@pytest.mark.parametrize("window", [3, 8, 64])
def test_search_and_find_answer_as_the_bytes_at_every_window_edge(monkeypatch, window):
    monkeypatch.setattr(FileBytes, "WINDOW", window)
    picks = random.Random(window)
    data = bytes(picks.choice(b"\xff\x00\xd8\xd9ab") for _ in range(3000))
    held = StreamBytes(io.BytesIO(data))
    patterns = [file_structure.JPEG_MARKER, file_structure.JPEG_SCAN_END, re.compile(rb"ab\xff")]
    for _ in range(3000):
        held[picks.randrange(len(data))]                # whichever window is held before
        pos = picks.randrange(-5, len(data) + 5)
        end = None if picks.random() < 0.3 else pos + picks.randrange(0, 4 * window + 10)
        pattern = picks.choice(patterns)
        found = pattern.search(data, max(pos, 0)) if end is None else pattern.search(data, max(pos, 0), end)
        assert held.search(pattern, max(pos, 0), end, longest=3) == (-1 if found is None else found.start())
        sub = picks.choice([b"\xff\xd9", b"a", b"\xff" * 5, b"ab\xff\x00"])
        assert held.find(sub, max(pos, 0), end) == data.find(sub, max(pos, 0), len(data) if end is None else end)
