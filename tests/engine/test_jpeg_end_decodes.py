"""The engine decoded a JPEG missing its end marker four times before painting it: once as it
was (which can only fail: libjpeg, its scan running to the end of the file, waits for more
data, and Pillow says "truncated" after decoding it all, here at the working size, up to 2048
px), twice for jpeg_end_restored's probes, then once more restored. The first is skipped now,
as the upload check skips it; the same picture is painted, and a cut one is still damaged."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import ImageFile

from engine.errors import ImageTooLargeError, TruncatedImageError
from engine.images import open_image
from tests.bot.test_jpeg_end import photo_jpeg
from tests.bot.test_upload_bounded import with_frame


@pytest.fixture
def decoded(monkeypatch) -> list:
    done = []
    real_load = ImageFile.ImageFile.load

    def load(self, *args, **kw):
        if self.tile:
            done.append(self.size)
        return real_load(self, *args, **kw)
    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    return done


@pytest.mark.parametrize("as_path", [False, True])
def test_a_jpeg_missing_its_end_is_decoded_three_times_not_four(decoded, tmp_path, as_path):
    whole = photo_jpeg(False)
    painted = np.asarray(open_image(whole))
    decoded.clear()
    path = tmp_path / "photo.jpg"
    path.write_bytes(whole[:-2])
    restored = open_image(path if as_path else whole[:-2])
    assert np.array_equal(np.asarray(restored), painted)
    assert len(decoded) == 3


def test_a_jpeg_cut_short_is_still_damaged_after_the_two_probes(decoded):
    with pytest.raises(TruncatedImageError):
        open_image(photo_jpeg(False)[:-40])
    assert len(decoded) == 2


def test_a_jpeg_missing_its_end_over_the_limit_is_too_large_not_damaged(decoded):
    data = with_frame(photo_jpeg(False), 30000, 20000)[:-2]        # 600 MP
    with pytest.raises(ImageTooLargeError):
        open_image(data)
    assert decoded == []
