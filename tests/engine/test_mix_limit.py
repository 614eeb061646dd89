"""A mix takes at most 4 styles (the bots' /mix: 2 to 4, bot/README.md): the engine refuses more,
and `stylize`/`submit` say so in one line, exit 2, before loading the engine or connecting."""
from __future__ import annotations

import pytest

import engine.core
from engine.errors import BadOptionError
from engine.options import mix_weights
from tests.engine.runs import cli

FIVE = "gogh,monet,munch,klimt,turner"


def test_the_engine_takes_four_styles_and_refuses_five():
    assert mix_weights([1, 1, 1, 1]) == [0.25] * 4
    with pytest.raises(BadOptionError, match="at most 4 styles, not 5"):
        mix_weights(iter([1, 1, 1, 1, 1]))


@pytest.mark.parametrize("styles", [[FIVE], ["gogh,monet,munch", "--style", "klimt:0.5,turner"]])
def test_stylize_refuses_five_styles_before_loading_the_engine(tmp_path, capsys, monkeypatch, styles):
    monkeypatch.setattr(engine.core, "load_engine", lambda *a, **k: pytest.fail("loaded the engine"))
    status, out, lines = cli(capsys, "stylize", tmp_path / "photo.jpg", "--style", *styles,
                             "-o", tmp_path / "out.jpg")
    assert status == 2 and out == "" and len(lines) == 1 and "at most 4 styles, not 5" in lines[0], lines


def test_stylize_takes_four_styles_on_to_the_photo(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(engine.core, "load_engine", lambda *a, **k: pytest.fail("loaded the engine"))
    status, _, lines = cli(capsys, "stylize", tmp_path / "missing.jpg", "--style", "gogh,monet,munch,klimt",
                           "-o", tmp_path / "out.jpg")
    assert status == 2 and len(lines) == 1 and "not found" in lines[0], lines     # the mix passed


def test_submit_refuses_five_styles_before_connecting(tmp_path, capsys):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"")
    status, _, lines = cli(capsys, "submit", "--redis", "redis://127.0.0.1:1/0", "--timeout", "2", "--style", FIVE,
                           "-o", tmp_path / "out", photo)
    assert status == 2 and len(lines) == 1 and "at most 4 styles, not 5" in lines[0], lines
