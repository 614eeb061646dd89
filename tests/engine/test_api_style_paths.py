"""Review of d389faf (a job's style given as a path refused; "Engine.stylize/resolve_style, the
Python API, still take a style's path"): they did for a painting's file and a descriptor's, but
an adaptive style's file (train-artist --export-style F) was refused "F is not a style descriptor
file" by Engine.stylize, `python -m engine stylize --style F` and resolve_style; a job was the
only way to paint with one by its path, and d389faf ended that. Engine reads it now (its own
parameters where they fit the network, else its descriptor, as a job's bytes)."""
from __future__ import annotations

import pytest
import torch

from engine.adaptive import AdaptiveStyle
from engine.descriptors import StyleDescriptor


@pytest.fixture()
def style_files(engine, painting, tmp_path):
    from styles import load_catalog

    desc = StyleDescriptor.load(load_catalog().resolve("klimt").descriptor_path)
    size = engine.adaptive.net.style_size if engine.adaptive else 8
    net_id = engine.adaptive.net_id if engine.adaptive else "another network"
    adaptive = tmp_path / "mine.safetensors"
    AdaptiveStyle(1 + 0.1 * torch.ones(size), 0.1 * torch.ones(size), desc, net_id, True, {}).save(adaptive)
    picture = tmp_path / "painting.png"
    painting.save(picture)
    return {"adaptive": adaptive, "image": picture, "desc": desc}


@pytest.mark.parametrize("as_text", [True, False])
def test_an_adaptive_style_file_is_read_by_resolve_style(engine, style_files, as_text):
    path = style_files["adaptive"]
    got = engine.resolve_style(str(path) if as_text else path)
    assert got.distance(style_files["desc"]) == pytest.approx(0, abs=1e-6)


@pytest.mark.parametrize("method", ["adain", "auto"])
def test_engine_stylize_paints_with_an_adaptive_style_file(engine, photo, style_files, method):
    out = engine.stylize(photo, str(style_files["adaptive"]), method=method, max_side=64)
    assert max(out.size) == 64


def test_a_painting_file_and_a_mix_with_the_adaptive_file_still_paint(engine, photo, style_files):
    out = engine.stylize(photo, [(style_files["image"], 0.5), (str(style_files["adaptive"]), 0.5)], max_side=64)
    assert max(out.size) == 64
    assert max(engine.stylize(photo, style_files["image"], max_side=64).size) == 64


def test_the_command_line_paints_with_an_adaptive_style_file(tmp_path, photo, capsys, style_files):
    from tests.engine.runs import cli

    src = tmp_path / "photo.png"
    photo.save(src)
    status, _, lines = cli(capsys, "stylize", src, "--style", style_files["adaptive"], "--max-side", "64",
                           "-o", tmp_path / "out.jpg")
    assert status == 0 and (tmp_path / "out.jpg").is_file(), lines
