"""StreamBytes (9948140) reads a file object by its own seek and read: its position must be where
it was after every read, a read that fails (OSError) or ends short (CutShort) too, and after an
opened AVIF's colour box was read from it, since its decoder reads on from there."""
from __future__ import annotations

import pytest
from PIL import Image

from engine.file_structure import CutShort, FileBytes, StreamBytes
from engine.images import _read_avif_nclx

from tests.engine.icc import DISPLAY_P3
from tests.engine.test_avif_colour import avif, tagged
from tests.engine.test_avif_stream_colour import Counted
from tests.engine.test_heic_colour import stored_in


class FailsWhenTold(Counted):
    """Counted whose reads raise OSError once ``failing`` is set (a network file gone)."""

    failing = False

    def readinto(self, buffer) -> int:
        if self.failing:
            raise OSError("gone")
        return super().readinto(buffer)


def test_a_failed_read_and_a_short_one_keep_the_position(monkeypatch):
    monkeypatch.setattr(FileBytes, "WINDOW", 16)
    stream = FailsWhenTold(bytes(range(100)))
    stream.seek(41)
    data = StreamBytes(stream)
    assert data[80:90] == bytes(range(80, 90)) and stream.tell() == 41
    stream.failing = True
    with pytest.raises(OSError):
        data[0:4]
    assert stream.tell() == 41
    stream.failing = False
    stream._f.truncate(50)
    with pytest.raises(CutShort):
        data[60:70]
    assert stream.tell() == 41


def test_an_opened_avifs_colour_box_is_read_where_its_decoder_left_the_stream():
    stream = Counted(tagged(avif(stored_in(DISPLAY_P3)), 12, 13))
    im = Image.open(stream)
    at = stream.tell()
    _read_avif_nclx(im)
    assert im.info["nclx_profile"]["color_primaries"] == 12
    assert stream.tell() == at
