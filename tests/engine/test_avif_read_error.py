"""An AVIF handed over as a file object whose read fails (OSError: a network file gone) while its
colour box is read, after Pillow had read it: open_image refused it as "incomplete or damaged;
please send it again", prepare ignored the error and painted it without its colours. Neither is
true of the image: the caller's file failed. Both raise that OSError now, the same in both."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from engine.errors import EngineError
from engine.images import open_image, prepare

from tests.engine.icc import DISPLAY_P3
from tests.engine.test_avif_colour import avif, tagged
from tests.engine.test_avif_stream_colour import Counted
from tests.engine.test_heic_colour import PATCHES, centres, stored_in


class FailsOnceReadWhole(Counted):
    """Counted whose reads raise OSError once it has been read to its end (Pillow's AVIF reader
    reads it whole as it opens it): the colour box, read after, is what fails."""

    ended = False

    def readinto(self, buffer) -> int:
        if self.ended:
            raise OSError("the network file is gone")
        n = super().readinto(buffer)
        self.ended = self.ended or (n == 0 and len(buffer) > 0)
        return n


@pytest.fixture(scope="module")
def p3_avif() -> bytes:
    return tagged(avif(stored_in(DISPLAY_P3)), 12, 13)


def test_open_image_raises_the_file_objects_error_not_truncated(p3_avif):
    with pytest.raises(OSError, match="network file is gone") as raised:
        open_image(FailsOnceReadWhole(p3_avif))
    assert not isinstance(raised.value, EngineError)


def test_prepare_raises_it_too_not_painting_it_without_its_colours(p3_avif):
    with pytest.raises(OSError, match="network file is gone"):
        prepare(Image.open(FailsOnceReadWhole(p3_avif)), 512)


def test_a_file_object_that_reads_paints_its_colours_in_both(p3_avif):
    assert np.abs(centres(open_image(Counted(p3_avif))) - PATCHES).max() <= 4
    assert np.abs(centres(prepare(Image.open(Counted(p3_avif)), 512)) - PATCHES).max() <= 4
