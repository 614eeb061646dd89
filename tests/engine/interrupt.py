"""Runs of `python -m engine ...` interrupted by a signal, for the tests of graceful stops."""
from __future__ import annotations

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
