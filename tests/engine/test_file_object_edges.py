"""Review leftovers on file objects handed to the engine (not paths, not bytes):

- one whose tell() gives None (a hand-written wrapper): open_image let a TypeError out of
  _starts_png (seek(None)); it is read as its bytes now, and painted;
- an AVIF one that cannot seek from its end: prepare (Image.open, then prepare) dropped its colour
  box, where open_image reads it whole since 646c4bb: both paint a Display P3 AVIF in its colours."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from engine.images import open_image, prepare

from tests.engine.icc import DISPLAY_P3
from tests.engine.test_avif_colour import avif, tagged
from tests.engine.test_heic_colour import PATCHES, centres, stored_in
from tests.engine.test_stream_no_seek_end import NoSeekFromEnd


class TellSaysNothing(io.BytesIO):
    """A seekable file object whose tell() returns None."""

    def tell(self):
        return None


def picture(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(22).integers(0, 256, (48, 64, 3), dtype=np.uint8)).save(buf, fmt)
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF"])
def test_a_file_object_without_a_position_is_painted_as_its_bytes(fmt):
    data = picture(fmt)
    opened = open_image(TellSaysNothing(data))
    assert (np.asarray(opened) == np.asarray(open_image(data))).all()


def test_a_p3_avif_that_cannot_seek_from_its_end_is_prepared_in_its_colours():
    data = tagged(avif(stored_in(DISPLAY_P3)), 12, 13)
    assert np.abs(centres(open_image(NoSeekFromEnd(data))) - PATCHES).max() <= 4     # 646c4bb's
    f = NoSeekFromEnd(data)
    im = Image.open(f)
    f.seek(5)
    assert np.abs(centres(prepare(im, 512)) - PATCHES).max() <= 4
    assert f.tell() == 5            # its position kept
