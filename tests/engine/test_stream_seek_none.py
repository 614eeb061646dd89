"""StreamBytes (9948140) took a file object's size from what its seek(0, SEEK_END) returned: a
file object whose seek returns nothing (a hand-written wrapper) made
its size None, and an AVIF handed over so (open_image, prepare) failed with a TypeError out of
the engine, where it was read whole before and painted. The size is where the stream ends."""
from __future__ import annotations

import io

import numpy as np
from PIL import Image

from engine.file_structure import StreamBytes
from engine.images import open_image, prepare

from tests.engine.icc import DISPLAY_P3
from tests.engine.test_avif_colour import avif, tagged
from tests.engine.test_avif_stream_colour import Counted
from tests.engine.test_heic_colour import PATCHES, centres, stored_in


class SeekSaysNothing(Counted):
    """A seekable file object over ``data`` whose seek returns None."""

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> None:
        super().seek(offset, whence)


def test_its_size_is_where_it_ends_and_its_position_is_kept():
    stream = SeekSaysNothing(bytes(range(200)))
    stream.seek(17)
    data = StreamBytes(stream)
    assert len(data) == 200 and data[190:] == bytes(range(190, 200)) and data[199] == 199
    assert stream.tell() == 17


def test_a_p3_avif_from_it_is_opened_and_prepared_in_its_colours():
    data = tagged(avif(stored_in(DISPLAY_P3)), 12, 13)
    assert np.abs(centres(open_image(SeekSaysNothing(data))) - PATCHES).max() <= 4
    assert np.abs(centres(prepare(Image.open(SeekSaysNothing(data)), 512)) - PATCHES).max() <= 4
