"""The engine's command line listed an unknown style's suggestions with a bare comma ("Did you
mean: monet, mondrian?"); the bot says its alternatives with "or" ("monet or mondrian", "A, B or
C"), and so does the CLI now: the engine's own UnknownStyleError (stylize, train-artist, submit's
check) and submit's line for a job a worker refused (in the bot's words)."""
from __future__ import annotations

import pytest

from engine.errors import UnknownStyleError
from engine.worker_cli import failure_text

from tests.engine.runs import cli


@pytest.mark.parametrize("suggestions,said", [
    (["gogh"], "Did you mean: gogh?"),
    (["monet", "mondrian"], "Did you mean: monet or mondrian?"),
    (["monet", "mondrian", "manet"], "Did you mean: monet, mondrian or manet?"),
])
def test_the_engines_suggestions_end_with_or(suggestions, said):
    assert str(UnknownStyleError("monat", suggestions)) == f"I don't know the style 'monat'. {said}"
    assert UnknownStyleError("monat", suggestions).params["suggestions"] == suggestions    # the bot's own list


def test_the_command_line_says_them_so(capsys, tmp_path):
    status, stdout, lines = cli(capsys, "train-artist", "monat", "--data", tmp_path, "--out", tmp_path / "out")
    assert status == 2 and lines == ["error: I don't know the style 'monat'. Did you mean: monet or mondrian?"], lines


def test_a_refused_jobs_line_says_them_so():
    assert (failure_text("unknown_style", {"name": "monat", "suggestions": ["monet", "mondrian"]})
            == "I don't know the style “monat”. Did you mean: monet or mondrian?")
