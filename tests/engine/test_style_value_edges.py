"""Review of 1bf0578 (style_file_value): values it still let out of run_job as a TypeError, an
OSError or a ValueError, where a job result key is expected. run_jobs, which "never raises",
raised them too: its batch pass reads each job's styles outside _run_guarded.

- a str too long to be a file's name (a style's text sent where its path was expected): Path.is_file
  raised OSError (ENAMETOOLONG); it is a missing file now, its name shortened in the result;
- a path object whose __fspath__ gives bytes (os.PathLike allows it): Path() raised TypeError;
- a memoryview released before the job ran: tobytes() raised ValueError; a bad option now.

Since test_job_style_path a path (any str, any path object) is itself a bad option in a job."""
from __future__ import annotations

import pytest

from engine.core import Engine
from engine.errors import BadOptionError
from engine.jobs import Job, StyleRef, resolve_style, run_jobs

from tests.engine.test_damaged_style_bytes import WHOLE, _photo, _run

KINDS = ["image", "descriptor", "adaptive"]


class BytesPath:
    """A path object whose path is bytes, as os.PathLike allows (os.fspath gives bytes)."""

    def __init__(self, path: bytes):
        self.path = path

    def __fspath__(self) -> bytes:
        return self.path


def _released() -> memoryview:
    view = memoryview(WHOLE)
    view.release()
    return view


@pytest.mark.parametrize("kind", KINDS)
def test_a_str_too_long_for_a_file_name_is_a_bad_option(kind):
    text = "x" * 5000                   # no file can have this name: the OS refuses it (ENAMETOOLONG)
    with pytest.raises(BadOptionError):         # (any path is, since test_job_style_path)
        resolve_style(None, StyleRef(kind, text))
    result = _run(kind, text)
    assert not result.ok and result.error_key == "bad_option", result
    assert "x" * 50 not in str(result.error_params)        # its text not echoed


@pytest.mark.parametrize("kind", KINDS)
def test_a_long_str_does_not_escape_run_jobs(kind):
    job = Job(user_id="t:1", chat_id="t", image=_photo(), styles=[StyleRef(kind, "y" * 5000)])
    results = run_jobs(Engine.__new__(Engine), [job])
    assert [r.error_key for r in results] == ["bad_option"]


def test_a_path_object_giving_bytes_is_a_bad_option_not_a_type_error(tmp_path):
    path = tmp_path / "style.safetensors"
    path.write_bytes(WHOLE)
    with pytest.raises(BadOptionError):         # (a path is refused in a job: test_job_style_path)
        resolve_style(None, StyleRef("descriptor", BytesPath(bytes(path))))


@pytest.mark.parametrize("kind", KINDS)
def test_a_missing_path_objects_bytes_path_is_a_bad_option(kind, tmp_path):
    result = _run(kind, BytesPath(bytes(tmp_path / "gone.safetensors")))
    assert not result.ok and result.error_key == "bad_option", result


@pytest.mark.parametrize("kind", KINDS)
def test_a_released_memoryview_is_a_bad_option_answered_not_raised(kind):
    with pytest.raises(BadOptionError):
        resolve_style(None, StyleRef(kind, _released()))
    result = _run(kind, _released())
    assert not result.ok and result.error_key == "bad_option", result
    job = Job(user_id="t:1", chat_id="t", image=_photo(), styles=[StyleRef(kind, _released())])
    assert [r.error_key for r in run_jobs(Engine.__new__(Engine), [job])] == ["bad_option"]
