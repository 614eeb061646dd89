"""bot.sqlite3 read-only (a restored backup, a volume mounted read-only, a file made immutable):
the bot started, served, and told each user with a photo that it could not save anything, while
the operator read only a retention warning an hour apart. It now stops at start in one line
naming the file (exit status 2), as for a DATA_DIR it cannot use."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.store import Store
from tests.bot.test_main import ROOT, free_port


def read_only(path: Path) -> bool:
    """The file made read-only even for root (immutable), else by its mode; False if neither holds."""
    if os.geteuid() == 0:
        return subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0
    path.chmod(0o444)
    return True


def writable_again(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    path.chmod(0o644)


@pytest.mark.parametrize("name", ["bot.sqlite3", "queue.sqlite3"])
def test_a_read_only_database_stops_the_bot_in_one_line(tmp_path, name):
    data = tmp_path / "data"
    Store(data).close()
    if name == "queue.sqlite3":
        from engine.queue.journal import Journal
        Journal(str(data / name))
    if not read_only(data / name):
        pytest.skip("no way to make a file read-only here")
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_"))}
        env.update(PYTHONPATH=str(ROOT), DATA_DIR=str(data), QUEUE_BACKEND="process",
                   ENGINE_FACTORY="tests.queue.fakes:make_engine", STYLE_TRAINING="false", WEB_PORT=str(free_port()))
        run = subprocess.run([sys.executable, "-m", "bot"], cwd=tmp_path, env=env, capture_output=True, text=True,
                             timeout=30)
    finally:
        writable_again(data / name)
    output = run.stdout + run.stderr
    assert run.returncode == 2 and "Traceback" not in output, output
    [line] = output.strip().splitlines()
    assert line.startswith("error: ") and str(data / name) in line and "read-only" in line, line
