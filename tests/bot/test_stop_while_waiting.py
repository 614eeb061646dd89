"""A restart waiting for the previous bot's drain (2a482c6) that is itself told to stop (SIGTERM:
`docker stop`, `systemctl stop`, Ctrl-C) exited 2 with "error: another bot (pid N) is running",
and, where the previous bot let go of DATA_DIR meanwhile, went on to start (store, queue,
front-ends) only to stop again. It stops quietly now, starting nothing: exit 0."""
from __future__ import annotations

import asyncio
import os
import signal
import sys

from bot.single_instance import hold_data_dir, mark_stopping

from tests.bot.test_main import ROOT


async def test_a_bot_waiting_for_a_stopping_one_stops_when_told_to(tmp_path):
    held = hold_data_dir(tmp_path / "data")            # the previous bot, draining its jobs
    mark_stopping(held, 30)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_"))}
    env.update(PYTHONPATH=str(ROOT), DATA_DIR=str(tmp_path / "data"), LOG_LEVEL="INFO", QUEUE_BACKEND="memory",
               STYLE_TRAINING="false", WEB_ENABLED="false")
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=tmp_path, env=env,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        said = await asyncio.wait_for(proc.stderr.readline(), 60)
        while b"waiting for the previous bot" not in said and said:
            said = await asyncio.wait_for(proc.stderr.readline(), 60)
        assert b"waiting for the previous bot" in said, said
        proc.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(proc.communicate(), 30)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        held.close()
    output = (out + err).decode()
    assert proc.returncode == 0, output
    assert "error" not in output and "Nothing started" not in output, output
    assert "migrat" not in output and not (tmp_path / "data" / "bot.sqlite3").exists(), output   # nothing opened
