"""resolve_style checked a style file's value three ways: an image's only as bytes (a bytearray was
opened as a path: a TypeError out of run_job), a descriptor's and an adaptive style's as bytes or a
bytearray, anything else as a path (a memoryview: a TypeError; a missing path: an OSError). One
check serves all three now (bytes, bytearray, memoryview, or a path), its refusals engine errors.

And a damaged descriptor given as a path was a plain engine_error where its bytes, and an adaptive
style's path or bytes, are style_file_damaged: StyleDescriptor.load says so as from_bytes does.

Since test_job_style_path a path in a job is a bad option (a worker reads no file a job names)."""
from __future__ import annotations

import io

import numpy as np
import pytest
import torch
from PIL import Image
from safetensors.torch import save

from engine.descriptors import NoSafetensorsFile, StyleDescriptor
from engine.errors import BadOptionError, DamagedStyleFileError, EngineError
from engine.jobs import StyleRef, resolve_style

from tests.engine.test_damaged_style_bytes import DAMAGED, WHOLE, _run


def _painting() -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(22).integers(0, 256, (64, 80, 3), dtype=np.uint8)).save(buf, "PNG")
    return buf.getvalue()


PAINTING = _painting()


@pytest.mark.parametrize("as_given", [bytes, bytearray, memoryview])
def test_an_images_bytes_are_read_as_bytes_whatever_holds_them(as_given):
    style = resolve_style(None, StyleRef("image", as_given(PAINTING)))
    assert (np.asarray(style) == np.asarray(resolve_style(None, StyleRef("image", PAINTING)))).all()
    assert style.size == (80, 64)


def test_an_images_path_is_a_bad_option(tmp_path):
    """(Since test_job_style_path: a job's style file is its bytes, never a worker's path.)"""
    path = tmp_path / "painting.png"
    path.write_bytes(PAINTING)
    for value in (str(path), path):
        with pytest.raises(BadOptionError):
            resolve_style(None, StyleRef("image", value))


@pytest.mark.parametrize("as_given", [bytes, bytearray, memoryview])
def test_a_descriptors_bytes_are_read_whatever_holds_them(as_given):
    style = resolve_style(None, StyleRef("descriptor", as_given(WHOLE)))
    assert isinstance(style, StyleDescriptor) and bool((style.mean_std("relu4_1")[1] == 1).all())


def test_an_adaptive_styles_memoryview_is_read_as_its_bytes():
    with pytest.raises(DamagedStyleFileError):          # read as a file's bytes, not taken for a path
        resolve_style(None, StyleRef("adaptive", memoryview(b"not a safetensors file")))


@pytest.mark.parametrize("kind", ["image", "descriptor", "adaptive"])
def test_a_value_of_another_type_is_a_bad_option_answered_not_raised(kind):
    with pytest.raises(BadOptionError):
        resolve_style(None, StyleRef(kind, 42))
    result = _run(kind, 42)
    assert not result.ok and result.error_key == "bad_option", result


@pytest.mark.parametrize("kind", ["image", "descriptor", "adaptive"])
def test_a_missing_path_is_a_bad_option_answered_not_raised(kind, tmp_path):
    missing = str(tmp_path / "gone.safetensors")          # (a path is refused, there or not: cli22)
    with pytest.raises(BadOptionError):
        resolve_style(None, StyleRef(kind, missing))
    result = _run(kind, missing)
    assert not result.ok and result.error_key == "bad_option", result


@pytest.mark.parametrize("damage", list(DAMAGED))
def test_a_damaged_descriptor_path_is_style_file_damaged_as_its_bytes_are(damage, tmp_path):
    path = tmp_path / "style.safetensors"
    path.write_bytes(DAMAGED[damage])
    with pytest.raises(NoSafetensorsFile):
        StyleDescriptor.load(path)
    with pytest.raises(DamagedStyleFileError):
        resolve_style(None, StyleRef("descriptor", path.read_bytes()))
    result = _run("descriptor", path.read_bytes())       # (its path is refused in a job: cli22)
    assert not result.ok and result.error_key == "style_file_damaged", result
    assert result.error_key == _run("adaptive", path.read_bytes()).error_key


def test_a_whole_file_of_another_kind_at_a_path_stays_an_engine_error(tmp_path):
    path = tmp_path / "other.safetensors"
    path.write_bytes(save({"gamma": torch.ones(3)}))
    with pytest.raises(EngineError) as refused:
        resolve_style(None, StyleRef("descriptor", str(path)))
    assert not isinstance(refused.value, DamagedStyleFileError)
    with pytest.raises(ValueError) as loaded:
        StyleDescriptor.load(path)
    assert not isinstance(loaded.value, NoSafetensorsFile)


def test_a_whole_descriptor_path_is_refused_in_a_job_and_loaded_by_the_api(tmp_path):
    path = tmp_path / "style.safetensors"
    path.write_bytes(WHOLE)
    with pytest.raises(BadOptionError):
        resolve_style(None, StyleRef("descriptor", path))
    style = StyleDescriptor.load(path)
    assert isinstance(style, StyleDescriptor) and bool((style.mean_std("relu4_1")[1] == 1).all())
