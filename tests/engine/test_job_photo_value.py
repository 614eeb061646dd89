"""Review of 1bf0578 (a style's value checked before run_job reads it): a job's photo was not.
Job.image is the photo's bytes; anything else went to open_image as it was: None or a number an
AttributeError, a released memoryview a ValueError, a str an OSError (a name too long, or no file
there) out of run_job and run_jobs, and a str naming a file of the worker's was painted from the
worker's own disk (a job carries its photo; an artist's name is refused as a path for the same
reason). They are a bad_option result now; a bytearray or memoryview is read as its bytes.

And run_jobs, which "never raises", let anything but an EngineError out of its batch pass (each
job's photo and styles read, the engine asked whether it paints adaptively): the whole call
failed, every job's result lost. Such a job is painted alone now, where _run_guarded answers
for it."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from engine.core import Engine
from engine.jobs import Job, StyleRef, run_job, run_jobs

from tests.engine.test_damaged_style_bytes import WHOLE


def _photo() -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(22).integers(0, 256, (48, 64, 3), dtype=np.uint8)).save(buf, "PNG")
    return buf.getvalue()


def _released() -> memoryview:
    view = memoryview(_photo())
    view.release()
    return view


def _job(image, method: str = "adain") -> Job:
    return Job(user_id="t:1", chat_id="t", image=image, styles=[StyleRef("descriptor", WHOLE)], method=method)


class PaintingEngine:
    """An engine that paints a photo as itself, in batches too; ``adaptive_fails``: asking it
    whether it paints a style adaptively raises (an engine bug in run_jobs' batch pass)."""

    def __init__(self, adaptive_fails: bool = False):
        self.adaptive_fails = adaptive_fails

    def stylize(self, content, style, **kw):
        return content.convert("RGB")

    def stylize_batch(self, items, **kw):
        return [content.convert("RGB") for content, _ in items]

    def paints_adaptively(self, style) -> bool:
        if self.adaptive_fails:
            raise RuntimeError("an engine bug")
        return False


@pytest.mark.parametrize("image", [None, 42, "x" * 5000, "/no/such/photo.jpg", _released()],
                         ids=["None", "int", "long str", "path", "released memoryview"])
def test_a_photo_that_is_not_bytes_is_a_bad_option_answered_not_raised(image):
    result = run_job(Engine.__new__(Engine), _job(image))
    assert not result.ok and result.error_key == "bad_option", result
    assert [r.error_key for r in run_jobs(Engine.__new__(Engine), [_job(image)])] == ["bad_option"]


def test_a_worker_file_named_as_the_photo_is_not_painted(tmp_path):
    path = tmp_path / "worker_own.png"
    path.write_bytes(_photo())
    result = run_job(PaintingEngine(), _job(str(path)))
    assert not result.ok and result.error_key == "bad_option", result


@pytest.mark.parametrize("as_given", [bytearray, memoryview])
def test_a_photos_bytes_are_read_whatever_holds_them(as_given):
    results = run_jobs(PaintingEngine(), [_job(as_given(_photo())), _job(_photo())])
    assert [r.ok for r in results] == [True, True], results
    assert results[0].image == results[1].image


def test_an_engine_bug_in_the_batch_pass_does_not_escape_run_jobs():
    results = run_jobs(PaintingEngine(adaptive_fails=True), [_job(_photo(), "auto"), _job(_photo())])
    assert [r.ok for r in results] == [True, True], results
