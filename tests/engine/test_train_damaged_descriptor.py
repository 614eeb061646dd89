"""`python -m engine train-artist NAME --descriptor FILE` called a damaged descriptor file (cut
short, garbage) "not a style descriptor file", as it does a whole file of another kind; 833f27f
made --style (Engine.resolve_style) say it is damaged and to make it again: train-artist says the
same now. A file that is no .safetensors at all keeps its words (test_cli.py's notes.txt case)."""
from __future__ import annotations

import pytest
import torch
from safetensors.torch import save

from tests.engine.runs import cli
from tests.engine.test_cli import ROOT, training_data
from tests.engine.test_damaged_style_bytes import DAMAGED


def train(capsys, tmp_path, photo, descriptor):
    return cli(capsys, "train-artist", "mine", "--descriptor", descriptor, "--data", training_data(tmp_path, photo),
               "--out", tmp_path / "out", "--iterations", "1", "--device", "cpu")


@pytest.mark.parametrize("damage", list(DAMAGED))
def test_a_damaged_descriptor_is_called_damaged(damage, tmp_path, photo, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    path = tmp_path / "mine.safetensors"
    path.write_bytes(DAMAGED[damage])
    status, _, lines = train(capsys, tmp_path, photo, path)
    assert status == 2 and len(lines) == 1, lines
    assert "mine.safetensors is not a style descriptor file: it is damaged (cut short or garbage); make it again" \
        in lines[0], lines
    assert not (tmp_path / "out").exists()


def test_a_whole_file_of_another_kind_is_not_called_damaged(tmp_path, photo, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    path = tmp_path / "other.safetensors"
    path.write_bytes(save({"gamma": torch.ones(3)}))
    status, _, lines = train(capsys, tmp_path, photo, path)
    assert status == 2 and len(lines) == 1, lines
    assert "other.safetensors is not a style descriptor file (a community style's" in lines[0], lines
    assert "damaged" not in lines[0]
