"""A .env line that is not NAME=value ("MAX_SIDE 256", an unclosed quote) was ignored, and
python-dotenv said "could not parse statement starting at line 1" up to six times (once per
settings read, some before the log was set up), naming neither the file nor the setting lost. The
bot now says it once per line at start, with the file, the line and the name it would have set,
never the value (it may be a token)."""
from __future__ import annotations

import asyncio
import os
import signal
import sys

from engine.env_file import unreadable_env_lines
from tests.bot.test_main import ROOT, free_port


async def test_an_unreadable_line_is_said_once_naming_its_setting_not_its_value(tmp_path):
    (tmp_path / ".env").write_text('MAX_SIDE 256\nSTYLE_TRAINING=false\nTELEGRAM_TOKEN="123:secret\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_"))}
    env.update(PYTHONPATH=str(ROOT), DATA_DIR=str(tmp_path / "data"), WEB_PORT=str(free_port()),
               QUEUE_BACKEND="memory", ENGINE_FACTORY="tests.queue.fakes:make_engine")
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=tmp_path, env=env,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        await asyncio.wait_for(proc.stdout.readline(), 60)        # "Web chat: ...": it runs on
    finally:
        proc.send_signal(signal.SIGTERM)
        err = (await asyncio.wait_for(proc.communicate(), 30))[1].decode()
    assert proc.returncode == 0, err
    assert "python-dotenv" not in err and "secret" not in err, err
    said = [line for line in err.splitlines() if "cannot be read" in line]
    assert len(said) == 2, err
    assert "WARNING" in said[0] and ".env line 1 " in said[0] and "MAX_SIDE is not set" in said[0], said
    assert ".env line 3 " in said[1] and "TELEGRAM_TOKEN is not set" in said[1], said


def test_good_lines_comments_and_export_are_read(tmp_path):
    (tmp_path / ".env").write_text("# a comment\n\nexport MAX_SIDE=256\nWEB_PORT = 8081\nA='b c'\n")
    assert unreadable_env_lines(tmp_path / ".env") == []
