"""`python -m engine stylize` reads the photo before it loads the engine (seconds on a CPU): a
missing, damaged or non-image photo is said at once, and the engine is never loaded for it."""
from __future__ import annotations

import pytest

import engine.core
from tests.engine.runs import cli


@pytest.mark.parametrize("photo, words", [("missing.jpg", "not found"), ("notes.txt", "not an image"),
                                          ("cut.png", "incomplete")])
def test_a_bad_photo_is_refused_before_the_engine_loads(tmp_path, capsys, monkeypatch, photo, words):
    from PIL import Image

    (tmp_path / "notes.txt").write_text("not a picture")
    whole = tmp_path / "whole.png"
    Image.new("RGB", (64, 48), (200, 120, 40)).save(whole)
    (tmp_path / "cut.png").write_bytes(whole.read_bytes()[:80])
    loaded = []
    monkeypatch.setattr(engine.core, "load_engine", lambda *a, **k: loaded.append(k) or pytest.fail("loaded"))
    status, _, lines = cli(capsys, "stylize", tmp_path / photo, "--style", "gogh", "-o", tmp_path / "out.jpg")
    assert status == 2 and len(lines) == 1 and words in lines[0].lower(), lines
    assert not loaded
