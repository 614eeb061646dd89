"""Running `python -m engine ...` in tests: in this process (``cli``), or as a process interrupted
by a signal (the graceful stops of the training commands)."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_until_progress(args, sig):
    """Run `python -m engine ARGS`, send ``sig`` at its first progress line ("it 10/..."); (status,
    stdout, stderr, seconds from the signal to the end)."""
    proc = subprocess.Popen([sys.executable, "-m", "engine", *map(str, args)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    lines = []
    try:
        for line in proc.stdout:                    # progress lines come at once (flushed), every 10
            lines.append(line)
            if line.startswith("it "):
                proc.send_signal(sig)
                sent = time.monotonic()
                break
        rest, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert any(line.startswith("it ") for line in lines), (lines, err)
    return proc.returncode, "".join(lines) + rest, err, time.monotonic() - sent


def signal_at(monkeypatch, starts: str, times: int = 1):
    """The CLI's progress lines send SIGINT to this process ``times`` times at the first line
    starting with ``starts`` (as a Ctrl-C there would)."""
    import engine.__main__ as cli

    sent = []

    def log(line):
        print(line, flush=True)
        if line.startswith(starts) and not sent:
            sent.append(line)
            for _ in range(times):
                os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(cli, "flushed", log)
    return sent


def cli(capsys, *args):
    """main() in this process, as `python -m engine ARGS` runs it: (exit status, stdout, stderr
    lines). A traceback would be an exception raised here."""
    from engine.__main__ import main

    try:
        status = main([str(a) for a in args])
    except SystemExit as exc:
        status = exc.code
    captured = capsys.readouterr()
    return status, captured.out, captured.err.strip().splitlines()


def stopped_at(err: str) -> int:
    """The iteration a gracefully stopped run says it saved: its stderr is that one line, no more."""
    said = re.fullmatch(r"stopped at iteration (\d+); run the same command to resume", err.strip())
    assert said and "Traceback" not in err, err
    return int(said[1])
