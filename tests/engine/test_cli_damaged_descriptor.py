"""Review of 1bf0578: a damaged descriptor file named as a style (the command line's --style,
the API's Engine.resolve_style) was refused as "x.safetensors is not a style descriptor file",
as a whole safetensors file of another kind is. StyleDescriptor.load tells the two apart now
(NoSafetensorsFile); the refusal says which: damaged (cut short or garbage), to be made again.
It stays a bad option (the bot logs those words and tells its user a plain engine error)."""
from __future__ import annotations

import pytest
import torch
from safetensors.torch import save

from engine.core import Engine
from engine.errors import BadOptionError

from tests.engine.test_damaged_style_bytes import DAMAGED


@pytest.mark.parametrize("damage", list(DAMAGED))
def test_a_damaged_descriptor_file_is_refused_as_damaged(damage, tmp_path):
    path = tmp_path / "mine.safetensors"
    path.write_bytes(DAMAGED[damage])
    with pytest.raises(BadOptionError) as refused:
        Engine.__new__(Engine).resolve_style(str(path))
    said = str(refused.value)
    assert "mine.safetensors" in said and "damaged" in said and "make it again" in said, said


def test_a_whole_safetensors_file_of_another_kind_is_not_called_damaged(tmp_path):
    path = tmp_path / "other.safetensors"
    path.write_bytes(save({"gamma": torch.ones(3)}))
    with pytest.raises(BadOptionError) as refused:
        Engine.__new__(Engine).resolve_style(path)
    said = str(refused.value)
    assert "other.safetensors is not a style descriptor file" in said and "damaged" not in said, said
