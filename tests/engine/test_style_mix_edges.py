"""Review of 0e93347 (one --style parser for stylize and submit):

- a painting's path with a colon in it that is not there (./a:b.jpg, C:x.jpg, a typo) was
  refused as "'b.jpg' is not a weight", hiding that the file is missing: a part that looks like a
  file's name is a painting (as parse_style took it before), said missing by the command;
- stylize checked the mix's "one weight above 0" (`--style gogh:0`) after loading the engine
  (seconds, a GPU's memory): before it now, as submit does before connecting;
- submit sent a painting's file named by --style to the workers as an artist's name, each photo
  then failing 'unknown style' (exit 1, after the queue's round trip): submit sends artists only,
  so it says so in one line, exit 2, before connecting."""
from __future__ import annotations

import argparse

import pytest

from engine.arguments import style_mix

from tests.engine.runs import cli
from tests.engine import test_style_mix_and_output as shared
painted, queue, submit = shared.painted, shared.queue, shared.submit     # its fixtures and helper


@pytest.mark.parametrize("text", ["./a:b.jpg", "paintings/x:y.png", "C:x.jpg", "a:b.jpg", "C:\\p\\a:b.webp",
                                  "styles/mine:v2.safetensors"])
def test_a_missing_painting_with_a_colon_is_a_painting_not_a_bad_weight(text):
    assert style_mix(text) == [(text, 1.0)]


def test_weights_are_still_read_after_a_painting_path_and_bad_ones_refused():
    assert style_mix("./a:b.jpg:0.5") == [("./a:b.jpg", 0.5)]
    assert style_mix("paintings/x.jpg:2,gogh") == [("paintings/x.jpg", 2.0), ("gogh", 1.0)]
    assert style_mix("김홍도:0.5,gogh") == [("김홍도", 0.5), ("gogh", 1.0)]
    for text in ("gogh:abc", "gogh:1e400", "gogh:-1", "./a.jpg:nan"):
        with pytest.raises(argparse.ArgumentTypeError):
            style_mix(text)


def test_stylize_gives_the_engine_a_missing_painting_with_a_colon_whole(tmp_path, photo, capsys,
                                                                         painted):
    """The engine (Engine.stylize, stubbed here) then says "file not found: ..."."""
    src = tmp_path / "photo.png"
    photo.save(src)
    missing = tmp_path / "night:study.jpg"
    status, _, lines = cli(capsys, "stylize", src, "--style", missing, "-o", tmp_path / "out.jpg")
    assert status == 0 and painted == [str(missing)], lines


def test_stylize_refuses_zero_weights_before_loading_the_engine(tmp_path, photo, capsys, monkeypatch):
    import engine.core

    loaded = []
    monkeypatch.setattr(engine.core, "load_engine", lambda **kwargs: loaded.append(kwargs))
    src = tmp_path / "photo.png"
    photo.save(src)
    status, _, lines = cli(capsys, "stylize", src, "--style", "gogh:0", "--style", "monet:0",
                           "-o", tmp_path / "out.jpg")
    assert status == 2 and "at least one style weight must be more than 0" in " ".join(lines), lines
    assert loaded == []


@pytest.mark.parametrize("style", ["paintings/starry.jpg", "mine.safetensors", "gogh,./a:b.jpg:0.5"])
def test_submit_refuses_a_painting_file_before_connecting(style, tmp_path, capsys, queue):
    status, _, lines = submit(capsys, tmp_path, "--style", style)
    assert status == 2 and len(lines) == 1 and "artist" in lines[0], lines
    assert queue == [] and not (tmp_path / "out").exists()


def test_submit_still_sends_artists_by_any_name(tmp_path, capsys, queue):
    status, _, lines = submit(capsys, tmp_path, "--style", "김홍도:0.5,gogh")
    assert status == 0, lines
    assert [(s.kind, s.value, s.weight) for s in queue[-1].styles] == [("artist", "김홍도", 0.5),
                                                                       ("artist", "gogh", 1.0)]
