"""A JPEG missing only the last byte of its end marker (ending in a lone 0xFF, the marker's first
byte) was refused as incomplete or damaged, though one missing both bytes painted; it paints, as
the whole file would."""
from __future__ import annotations

import numpy as np
import pytest

from engine.images import open_image

from tests.bot.test_jpeg_end import photo_jpeg, upload_reply
from tests.bot.test_jpeg_end_review import restart_jpeg


@pytest.mark.parametrize("restarts", [False, True])
def test_a_jpeg_missing_one_byte_paints_as_the_file_would(restarts):
    whole = restart_jpeg() if restarts else photo_jpeg(False)
    data = whole[:-1]
    assert data.endswith(b"\xff")
    assert upload_reply(data) == "queued"
    assert np.array_equal(np.asarray(open_image(data)), np.asarray(open_image(whole)))
