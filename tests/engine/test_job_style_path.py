"""Policy (0737ee1 refused a queued job's photo given as a str: a worker must not paint a file
from its own disk named by a job). A job's image, descriptor or adaptive style given as a path (a
str, a path object) was still read from the worker's disk. Nothing legitimate sends one: the bot
reads a community style's file into the job (PaintingJobs.job_style), its paintings are bytes, and
`submit` sends artists' names. Such a value is a bad option now, as the photo's is; the Python API
(Engine.stylize, Engine.resolve_style) still takes a style's path, as documented."""
from __future__ import annotations

import pytest

from engine.core import Engine
from engine.descriptors import StyleDescriptor
from engine.errors import BadOptionError
from engine.jobs import Job, StyleRef, resolve_style, run_jobs

from tests.engine.test_damaged_style_bytes import WHOLE, _photo, _run
from tests.engine.test_style_value import PAINTING
from tests.engine.test_style_value_edges import BytesPath

KINDS = ["image", "descriptor", "adaptive"]
WHOLE_FILE = {"image": PAINTING, "descriptor": WHOLE, "adaptive": WHOLE}


@pytest.fixture()
def files(tmp_path):
    """Each kind's whole file on this (the worker's) disk."""
    paths = {}
    for kind, data in WHOLE_FILE.items():
        paths[kind] = tmp_path / f"{kind}.{'png' if kind == 'image' else 'safetensors'}"
        paths[kind].write_bytes(data)
    return paths


@pytest.mark.parametrize("given", [str, lambda path: path, lambda path: BytesPath(bytes(path))])
@pytest.mark.parametrize("kind", KINDS)
def test_a_file_of_the_workers_named_by_a_job_is_not_read(kind, given, files):
    value = given(files[kind])
    with pytest.raises(BadOptionError) as refused:
        resolve_style(None, StyleRef(kind, value))
    assert "bytes" in str(refused.value) and str(files[kind]) not in str(refused.value)
    result = _run(kind, value)
    assert not result.ok and result.error_key == "bad_option", result
    job = Job(user_id="t:1", chat_id="t", image=_photo(), styles=[StyleRef(kind, value)])
    assert [r.error_key for r in run_jobs(Engine.__new__(Engine), [job])] == ["bad_option"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_missing_or_unnameable_path_is_the_same_bad_option(kind, tmp_path):
    for value in (str(tmp_path / "gone.safetensors"), "x" * 5000):
        result = _run(kind, value)
        assert not result.ok and result.error_key == "bad_option", result


def test_the_files_bytes_are_read_as_before():
    style = resolve_style(None, StyleRef("descriptor", WHOLE))
    assert isinstance(style, StyleDescriptor)
    assert resolve_style(None, StyleRef("image", PAINTING)).size == (80, 64)


def test_the_python_api_still_takes_a_styles_path(files):
    style = Engine.__new__(Engine).resolve_style(str(files["descriptor"]))
    assert isinstance(style, StyleDescriptor) and bool((style.mean_std("relu4_1")[1] == 1).all())
