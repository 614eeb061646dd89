"""`python -m engine styles | head -1`: stdout closed by its reader ends the command quietly (no
"error: Broken pipe", no "Exception ignored"), status 141 as a SIGPIPE death; a BrokenPipeError
that is not stdout's stays an error."""
from __future__ import annotations

import os
import subprocess
import sys

import engine.__main__ as engine_cli
from tests.engine.runs import ROOT, cli


def test_styles_into_a_closed_pipe_ends_quietly():
    read_end, write_end = os.pipe()
    os.close(read_end)                      # the reader is gone before the first line
    try:
        run = subprocess.run([sys.executable, "-m", "engine", "styles"], cwd=ROOT, stdout=write_end,
                             stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write_end)
    assert run.stderr == "" and run.returncode == 141, (run.returncode, run.stderr)


def test_styles_into_an_open_pipe_still_lists_the_catalog():
    run = subprocess.run([sys.executable, "-m", "engine", "styles"], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0 and run.stderr == "" and run.stdout.startswith("cezanne"), run


def test_a_broken_pipe_elsewhere_is_still_an_error(capsys, monkeypatch):
    def child_gone(args):                   # a child process's stdin, say: stdout itself is fine
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(engine_cli, "cmd_styles", child_gone)
    status, _, lines = cli(capsys, "styles")
    assert status == 2 and lines == ["error: Broken pipe"], (status, lines)
