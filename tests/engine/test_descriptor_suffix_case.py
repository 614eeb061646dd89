"""A descriptor's file named in capitals (KLIMT.SAFETENSORS, as Windows tools may write it) was
not taken for a descriptor by --style and the Python API (a picture it is not: "cannot read"),
nor told damaged by train-artist --descriptor: its suffix is read case-blind now, as
images.looks_like_path reads it."""
from __future__ import annotations

import shutil

import pytest

from engine.descriptors import StyleDescriptor
from engine.errors import BadOptionError, EngineError


@pytest.fixture()
def klimt():
    from styles import load_catalog

    return load_catalog().resolve("klimt").descriptor_path


@pytest.mark.parametrize("name", ["KLIMT.SAFETENSORS", "klimt.SafeTensors"])
def test_a_descriptor_named_in_capitals_is_a_descriptor(engine, klimt, tmp_path, name):
    path = tmp_path / name
    shutil.copyfile(klimt, path)
    assert engine.resolve_style(str(path)).distance(StyleDescriptor.load(klimt)) == pytest.approx(0, abs=1e-6)


def test_a_damaged_one_in_capitals_is_told_damaged(engine, tmp_path):
    path = tmp_path / "MINE.SAFETENSORS"
    path.write_bytes(b"cut sho")
    with pytest.raises(BadOptionError, match="damaged"):
        engine.resolve_style(str(path))


def test_train_artist_tells_a_damaged_one_in_capitals_damaged(tmp_path):
    from engine.train_adaptive import _targets

    path = tmp_path / "MINE.SAFETENSORS"
    path.write_bytes(b"cut sho")
    with pytest.raises(EngineError, match="damaged"):
        _targets(["mine"], "descriptor", descriptor=path)


def test_weights_named_in_capitals_are_read_as_safetensors(tmp_path):
    """--decoder / --vgg DECODER.SAFETENSORS were given to torch.load (a .pth's reader)."""
    from pathlib import Path

    import torch
    from safetensors.torch import save_file

    from engine.decoder import load_decoder
    from engine.vgg import _load_torch_or_safetensors

    shipped = Path(__file__).resolve().parents[2] / "engine" / "weights" / "decoder.safetensors"
    path = tmp_path / "DECODER.SAFETENSORS"
    shutil.copyfile(shipped, path)
    assert load_decoder(path) is not None
    small = tmp_path / "VGG.SafeTensors"
    save_file({"w": torch.ones(2)}, small)
    assert torch.equal(_load_torch_or_safetensors(small)["w"], torch.ones(2))
