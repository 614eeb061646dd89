"""A closed mmap was refused as "a job's photo's memoryview was released": it names what the
caller handed over now (mmap, memoryview) and says it was closed or released."""
from __future__ import annotations

import mmap

from engine.jobs import StyleRef, photo_bytes, refused_file, style_file_value
from engine.errors import BadOptionError
from tests.queue.conftest import make_job
from tests.queue.fakes import tiny_png


def _closed_mmap(tmp_path):
    path = tmp_path / "photo.png"
    path.write_bytes(tiny_png())
    with open(path, "rb") as f:
        m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    m.close()
    return m


def _detail(call) -> str:
    try:
        call()
    except BadOptionError as exc:
        return exc.params["detail"]
    raise AssertionError("not refused")


def test_a_closed_mmap_is_named_as_closed(tmp_path):
    job = make_job("u")
    job.image = _closed_mmap(tmp_path)
    assert _detail(lambda: photo_bytes(job)) == "a job's photo's mmap was closed or released"
    assert refused_file(job).error_params["detail"] == "a job's photo's mmap was closed or released"
    ref = StyleRef("descriptor", _closed_mmap(tmp_path))
    assert _detail(lambda: style_file_value(ref)) == "a descriptor style's mmap was closed or released"


def test_a_released_memoryview_is_named_as_such():
    view = memoryview(bytearray(tiny_png()))
    view.release()
    job = make_job("u")
    job.image = view
    assert _detail(lambda: photo_bytes(job)) == "a job's photo's memoryview was closed or released"
