"""A community style's file sent as its bytes that is no whole safetensors file (cut short, or
garbage) was a plain engine_error, told "something went wrong, please try again", the same each
try. It is its own error now, 'style_file_damaged' (the key of the bot's text for it): the
bot can tell the user the style has to be added again. A whole file of another kind stays an
engine_error (nothing damaged), and a whole style paints as before."""
from __future__ import annotations

import io

import pytest
import torch
from PIL import Image
from safetensors.torch import save

from engine.core import Engine
from engine.descriptors import StyleDescriptor
from engine.errors import DamagedStyleFileError, EngineError
from engine.jobs import Job, StyleRef, resolve_style, run_job

LAYERS = ("relu1_1", "relu2_1", "relu3_1", "relu4_1")


def _descriptor_bytes() -> bytes:
    tensors = {}
    for layer, channels in zip(LAYERS, (64, 128, 256, 512)):
        tensors[f"{layer}.mean"], tensors[f"{layer}.std"] = torch.zeros(channels), torch.ones(channels)
    return save(tensors, metadata={"kind": "descriptor"})


def _photo() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), (120, 80, 40)).save(buf, "PNG")
    return buf.getvalue()


def _run(kind: str, value: bytes):
    return run_job(Engine.__new__(Engine), Job(user_id="t:1", chat_id="t", image=_photo(),
                                               styles=[StyleRef(kind, value)]))


WHOLE = _descriptor_bytes()
DAMAGED = {"garbage": b"not a safetensors file", "cut short": WHOLE[:-10], "header only": WHOLE[:60], "empty": b""}


@pytest.mark.parametrize("kind", ["descriptor", "adaptive"])
@pytest.mark.parametrize("damage", list(DAMAGED))
def test_a_damaged_style_file_sent_as_bytes_is_its_own_error(kind, damage):
    result = _run(kind, DAMAGED[damage])
    assert not result.ok and result.error_key == "style_file_damaged", result
    assert isinstance(result.error_params.get("detail"), str)
    with pytest.raises(DamagedStyleFileError) as refused:
        resolve_style(None, StyleRef(kind, DAMAGED[damage]))
    assert refused.value.key == "style_file_damaged"


@pytest.mark.parametrize("kind", ["descriptor", "adaptive"])
def test_a_whole_file_of_another_kind_stays_an_engine_error(kind):
    other = save({"gamma": torch.ones(3)})
    result = _run(kind, other)
    assert not result.ok and result.error_key == "engine_error", result
    with pytest.raises(EngineError) as refused:
        resolve_style(None, StyleRef(kind, other))
    assert not isinstance(refused.value, DamagedStyleFileError)


def test_a_whole_descriptor_is_read_as_before():
    style = resolve_style(None, StyleRef("descriptor", WHOLE))
    assert isinstance(style, StyleDescriptor) and set(style.stats) == set(LAYERS)
    assert bool((style.mean_std("relu4_1")[1] == 1).all())
