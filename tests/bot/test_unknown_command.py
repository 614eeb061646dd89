"""`python -m bot foo` printed the usage and exited 2 without saying what was wrong (and a bad
setting in .env was said instead, the settings being read first). It says "unknown command 'foo'"
after the usage now, as argparse does, before any setting is read."""
from __future__ import annotations

import pytest

from bot.__main__ import main


@pytest.mark.parametrize("argv", [["foo"], ["--hlep"], ["use", "7"]])
def test_an_unknown_command_is_named_after_the_usage(argv, capsys, monkeypatch):
    monkeypatch.setenv("MAX_SIDE", "not a number")         # a bad setting does not hide it
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: python -m bot")
    assert err.rstrip().splitlines()[-1] == f"error: unknown command {argv[0]!r}", err
