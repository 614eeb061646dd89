"""`kill $PID; python -m bot` (a restart script): the old bot, on SIGTERM, finishes its running jobs
(up to DRAIN_TIMEOUT) still holding DATA_DIR's and QUEUE_DB's locks, and the new one exited at once
with "another bot is running". Now the old one marks its locks stopping and the new one waits for it,
saying so in one line, then starts; a bot running as usual still refuses the new one
(test_main.py, test_shared_journal.py)."""
from __future__ import annotations

import asyncio
import base64
import os
import signal
import sys

import aiohttp
import pytest

from tests.bot.conftest import make_photo
from tests.bot.test_main import ROOT, free_port


def bot_env(tmp_path, port: int) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_"))}
    env.update(PYTHONPATH=str(ROOT), DATA_DIR=str(tmp_path / "data"), WEB_HOST="127.0.0.1", WEB_PORT=str(port),
               LOG_LEVEL="WARNING", QUEUE_BACKEND="process", ENGINE_FACTORY="tests.queue.fakes:make_engine",
               WORKERS_FAST="1", WORKERS_HQ="0", FAKE_ENGINE_SECONDS="8", DRAIN_TIMEOUT="30", METRICS_PORT="0",
               STYLE_TRAINING="false")
    return env


async def start_bot(tmp_path, port: int):
    return await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=tmp_path, env=bot_env(tmp_path, port),
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


@pytest.mark.slow
async def test_a_restart_waits_for_the_old_bot_to_finish_its_job_then_starts(tmp_path):
    port = free_port()
    old = await start_bot(tmp_path, port)
    new = None
    got = []
    try:
        assert b"http://" in await asyncio.wait_for(old.stdout.readline(), 60)
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(f"http://127.0.0.1:{port}/ws") as ws:
                await ws.send_json({"op": "hello", "user": "restarted"})
                await ws.send_json({"user": "restarted", "text": "/style gogh", "locale": "en-US",
                                    "image": base64.b64encode(make_photo(160, 120)).decode()})
                async for msg in ws:
                    data = msg.json()
                    got.append(data)
                    if data.get("op") == "edit" and "painting" in (data.get("text") or ""):
                        break
                old.send_signal(signal.SIGTERM)                 # mid-painting: the drain holds the locks
                await asyncio.sleep(1)
                new = await start_bot(tmp_path, free_port())    # the restart script's next line

                async def rest():
                    async for msg in ws:
                        got.append(msg.json())
                await asyncio.wait_for(rest(), 60)
        said = await asyncio.wait_for(new.stderr.readline(), 30)
        assert said.decode().strip().endswith(
            f"waiting for the previous bot (pid {old.pid}) to finish its jobs (up to DRAIN_TIMEOUT=30 s)"), said
        await asyncio.wait_for(old.wait(), 60)
        line = await asyncio.wait_for(new.stdout.readline(), 60)   # then it starts serving
        assert b"http://" in line, (line, await new.stderr.read(2000) if new.returncode is not None else b"")
        assert new.returncode is None
    finally:
        for proc in (old, new):
            if proc is not None and proc.returncode is None:
                proc.send_signal(signal.SIGINT)
                try:
                    await asyncio.wait_for(proc.wait(), 60)
                except asyncio.TimeoutError:
                    proc.kill()
                    await proc.wait()
    assert any(m.get("image") for m in got), [m.get("text") for m in got]   # the old one delivered its job
    assert old.returncode == 0 and new.returncode == 0
