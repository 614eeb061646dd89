"""`python -m engine stylize --style` and `train-artist --descriptor`, said plainly:

- a missing painting whose name holds a comma ("a,b.jpg") was split into a mix of "a" and
  "b.jpg", and the engine then said "a" is no style: it is one file not found now (exit 2,
  one line), where no part has a weight and a part is neither an artist nor a file there;
- `--style gogh,gogh` painted gogh alone, silently: refused as the bots' /mix refuses "gogh gogh"
  (a mix takes 2 to 4 different styles); an artist named twice beside others is one part of
  the mix with both weights, as /mix merges "gogh 0.7 monet gogh";
- `train-artist --descriptor F`, F an adaptive style file (--export-style's), led with "not a
  style descriptor file": it says what F is and what to pass instead."""
from __future__ import annotations

import argparse

import pytest
import torch

from engine.arguments import checked_mix, style_mix
from engine.errors import BadOptionError

from tests.engine.runs import cli
from tests.engine.test_cli import ROOT, training_data
from tests.engine import test_style_mix_and_output as shared
painted, queue, submit = shared.painted, shared.queue, shared.submit     # its fixtures and helper


@pytest.mark.parametrize("text", ["a,b.jpg", "my photos/a, b.png", "gogh,nope.jpg", "mine,v2.safetensors"])
def test_a_missing_file_with_a_comma_is_one_file_not_found(text):
    with pytest.raises(argparse.ArgumentTypeError, match="^file not found: ") as refused:
        style_mix(text)
    assert repr(text) in str(refused.value)


def test_a_mix_with_files_that_are_there_or_weights_is_still_a_mix(tmp_path):
    painting = tmp_path / "a.jpg"
    painting.write_bytes(b"a painting")
    assert style_mix(f"gogh,{painting}") == [("gogh", 1.0), (str(painting), 1.0)]
    assert style_mix("paintings/x.jpg:2,gogh") == [("paintings/x.jpg", 2.0), ("gogh", 1.0)]
    assert style_mix("gogh,monet") == [("gogh", 1.0), ("monet", 1.0)]      # no file's name: as before
    whole = tmp_path / "a,b.jpg"
    whole.write_bytes(b"a painting")
    assert style_mix(str(whole)) == [(str(whole), 1.0)]


def test_stylize_says_the_file_is_missing_in_one_line(tmp_path, photo, capsys, painted):
    src = tmp_path / "photo.png"
    photo.save(src)
    status, _, lines = cli(capsys, "stylize", src, "--style", "a,b.jpg", "-o", tmp_path / "out.jpg")
    assert status == 2 and len(lines) == 1 and "file not found: 'a,b.jpg'" in lines[0], lines
    assert painted == []


@pytest.mark.parametrize("styles", [["gogh,gogh"], ["gogh", "--style", "Van Gogh:0.5"]])
def test_one_artist_named_twice_is_refused_as_the_bots_mix_does(tmp_path, photo, capsys, painted, styles):
    src = tmp_path / "photo.png"
    photo.save(src)
    status, _, lines = cli(capsys, "stylize", src, "--style", *styles, "-o", tmp_path / "out.jpg")
    assert status == 2 and len(lines) == 1 and "more than once" in lines[0] and "alone" in lines[0], lines
    assert painted == []


def test_an_artist_named_twice_in_a_mix_has_both_weights(tmp_path, photo, capsys, painted):
    src = tmp_path / "photo.png"
    photo.save(src)
    status, _, lines = cli(capsys, "stylize", src, "--style", "gogh:0.5,monet,Van Gogh:0.5", "-o", tmp_path / "a.jpg")
    assert status == 0, lines
    assert painted == [[("gogh", 1.0), ("monet", 1.0)]]
    assert checked_mix([("./x.jpg", 1.0), ("gogh", 1.0), ("x.jpg", 2.0)]) == [("./x.jpg", 3.0), ("gogh", 1.0)]
    assert checked_mix([("gogh", 2.0)]) == [("gogh", 2.0)]          # one style named once: as it is
    with pytest.raises(BadOptionError, match="at most 4 styles"):   # counted as named, as /mix does
        checked_mix([("gogh", 1.0)] * 4 + [("monet", 1.0)])


def test_submit_refuses_one_artist_named_twice_before_connecting(tmp_path, capsys, queue):
    status, _, lines = submit(capsys, tmp_path, "--style", "gogh,gogh")
    assert status == 2 and len(lines) == 1 and "more than once" in lines[0], lines
    assert queue == []


def test_train_artist_says_an_adaptive_style_file_is_one_and_what_to_pass(tmp_path, photo, capsys, monkeypatch):
    from engine.adaptive import AdaptiveStyle
    from engine.descriptors import StyleDescriptor
    from styles import load_catalog

    monkeypatch.chdir(ROOT)
    desc = StyleDescriptor.load(load_catalog().resolve("klimt").descriptor_path)
    path = tmp_path / "mine.adaptive.safetensors"
    AdaptiveStyle(1 + 0.1 * torch.ones(8), 0.1 * torch.ones(8), desc, "a network", True, {}).save(path)
    status, _, lines = cli(capsys, "train-artist", "mine", "--descriptor", path, "--data", training_data(tmp_path, photo),
                           "--out", tmp_path / "out", "--iterations", "1", "--device", "cpu")
    assert status == 2 and len(lines) == 1, lines
    assert "mine.adaptive.safetensors is an adaptive style file" in lines[0], lines
    assert "--descriptor takes mine's descriptor" in lines[0] and "is not a style descriptor" not in lines[0]
    assert not (tmp_path / "out").exists()
