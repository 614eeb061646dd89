"""A numpy array as a job's photo is almost always decoded pixels, not the file: file_bytes leaves
it as it is, so the job is answered bad_option naming ndarray (at submit, and by run_job), not
"not an image" from its raw pixel bytes, nor an object array read as its pointers. Buffers that
are a file's bytes (array.array, memoryview) are still taken."""
from __future__ import annotations

import array

import numpy as np
import pytest

from engine.jobs import StyleRef, file_bytes, refused_file, run_job
from tests.queue.conftest import make_job
from tests.queue.fakes import FakeEngine, tiny_png

ARRAYS = {"uint8 pixels": lambda: np.zeros((64, 64, 3), np.uint8),
          "float pixels": lambda: np.random.default_rng(0).random((8, 8, 3)),
          "object array": lambda: np.array([b"a", b"b"], dtype=object),
          "the file's bytes as uint8": lambda: np.frombuffer(tiny_png(), np.uint8)}


@pytest.mark.parametrize("name", list(ARRAYS))
def test_a_numpy_array_is_refused_by_name(name):
    arr = ARRAYS[name]()
    assert file_bytes(arr) is arr
    job = make_job("u")
    job.image = arr
    for result in (refused_file(job), run_job(FakeEngine(), job)):
        assert result.error_key == "bad_option"
        assert result.error_params["detail"] == "a job's photo is its file's bytes, not ndarray"
    style = make_job("u")
    style.styles = [StyleRef("image", arr)]
    assert "not ndarray" in refused_file(style).error_params["detail"]


def test_array_array_and_memoryview_are_still_their_bytes():
    png = tiny_png()
    for holder in (array.array("B", png), memoryview(png), bytearray(png)):
        assert file_bytes(holder) == png
        job = make_job("u")
        job.image = holder
        assert refused_file(job) is None and run_job(FakeEngine(), job).ok
