"""A .env saved in another encoding than UTF-8 (Windows Notepad's "Unicode" is UTF-16, with a
byte-order mark 0xff 0xfe) stopped `python -m bot` and `python -m engine worker` with a
UnicodeDecodeError traceback from pydantic-settings that named no file. Each now says in one line
which file cannot be read and how to save it, and exits 2."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.bot.test_main import ROOT


@pytest.mark.parametrize("command", [["bot"], ["engine", "worker"]])
def test_a_dotenv_that_is_not_utf8_is_one_line_naming_it(tmp_path, command):
    (tmp_path / ".env").write_bytes("MAX_SIDE=256\nWEB_PORT=8123\n".encode("utf-16"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_"))}
    env.update(PYTHONPATH=str(ROOT), DATA_DIR=str(tmp_path / "data"))
    run = subprocess.run([sys.executable, "-m", *command], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=60)
    output = run.stdout + run.stderr
    assert run.returncode == 2 and "Traceback" not in output, output
    [line] = output.strip().splitlines()
    assert line.startswith("error: ") and str(tmp_path / ".env") in line and "UTF-8" in line, line
