"""`python -m bot` started by a test to read what it logs at start: on the web chat alone, the
in-memory queue and the fake engine, its .env the one the test wrote in ``tmp_path``."""
from __future__ import annotations

import asyncio
import os
import signal
import sys

from tests.bot.test_main import ROOT, free_port


async def stderr_of_a_start(tmp_path, **env_extra) -> str:
    """Start the bot in ``tmp_path`` (``env_extra`` on top of its environment), wait until it runs,
    stop it (SIGTERM) and return its stderr, after checking it stopped cleanly (exit 0)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_"))}
    env.update(PYTHONPATH=str(ROOT), DATA_DIR=str(tmp_path / "data"), WEB_PORT=str(free_port()),
               QUEUE_BACKEND="memory", ENGINE_FACTORY="tests.queue.fakes:make_engine", **env_extra)
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=tmp_path, env=env,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        await asyncio.wait_for(proc.stdout.readline(), 60)        # "Web chat: ...": it runs on
    finally:
        proc.send_signal(signal.SIGTERM)
        err = (await asyncio.wait_for(proc.communicate(), 30))[1].decode()
    assert proc.returncode == 0, err
    return err
