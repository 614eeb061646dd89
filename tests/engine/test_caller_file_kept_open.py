"""open_image given a file object holding a JPEG whose scan runs to its end (its end marker
missing, restored and painted; or cut short, refused) closed the caller's file: it closed the
image Pillow had opened on it (Image.close closes the file it reads, whoever opened it), to judge
the JPEG by its restored bytes alone. A caller's `with open(...) as f: open_image(f)` then
found f closed. Only what open_image opened itself (a path's file) is closed now; every other
file object it is given stays open, as for any other picture."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from engine.errors import TruncatedImageError
from engine.images import open_image


@pytest.fixture(scope="module")
def jpeg() -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(22).integers(0, 256, (96, 128, 3), dtype=np.uint8)).save(buf, "JPEG")
    return buf.getvalue()


def test_a_jpeg_missing_its_end_leaves_the_callers_file_open(jpeg):
    f = io.BytesIO(jpeg[:-2])
    painted = open_image(f)
    assert not f.closed
    assert (np.asarray(painted) == np.asarray(open_image(jpeg[:-2]))).all()
    f.seek(0)                                   # still the caller's to use
    assert f.read() == jpeg[:-2]


def test_a_jpeg_cut_short_is_refused_and_leaves_the_callers_file_open(jpeg):
    f = io.BytesIO(jpeg[:len(jpeg) // 2])
    with pytest.raises(TruncatedImageError):
        open_image(f)
    assert not f.closed


def test_a_real_files_object_stays_open_too(jpeg, tmp_path):
    path = tmp_path / "unended.jpg"
    path.write_bytes(jpeg[:-2])
    with open(path, "rb") as f:
        assert open_image(f).size == (128, 96)
        assert not f.closed
    assert open_image(path).size == (128, 96)          # given its path: opened and closed by open_image
