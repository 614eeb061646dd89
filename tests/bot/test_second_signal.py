"""A second Ctrl-C (or SIGTERM) stops `python -m bot` at once, as `python -m engine worker` does:
the first one drains (the running painting may take DRAIN_TIMEOUT), the second exits 130 well
before the painting would end, the job left in the journal; the next start paints it again and
delivers it to the user's next visit. The first "stopping" line says how to stop now."""
from __future__ import annotations

import asyncio
import base64
import os
import signal
import sys
import time

import aiohttp
import pytest

from tests.bot.conftest import make_photo
from tests.bot.test_main import ROOT, free_port

PAINT_S = 40          # far longer than the test waits for the second signal's exit


def _env(tmp_path, port: int, seconds: float) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_"))}
    env.update(PYTHONPATH=str(ROOT), DATA_DIR=str(tmp_path / "data"), WEB_PORT=str(port), LOG_LEVEL="INFO",
               QUEUE_BACKEND="process", ENGINE_FACTORY="tests.queue.fakes:make_engine", WORKERS_FAST="1",
               WORKERS_HQ="0", FAKE_ENGINE_SECONDS=str(seconds), DRAIN_TIMEOUT="60", METRICS_PORT="0",
               STYLE_TRAINING="false")
    return env


async def _start(tmp_path, port: int, seconds: float):
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=tmp_path,
                                                env=_env(tmp_path, port, seconds),
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    await asyncio.wait_for(proc.stdout.readline(), 60)      # the web chat's address: it serves
    return proc


async def _stop(proc) -> None:
    if proc.returncode is None:
        proc.kill()
        await proc.wait()


@pytest.mark.slow
async def test_a_second_sigint_stops_at_once_and_the_next_start_delivers_the_painting(tmp_path):
    port = free_port()
    proc = await _start(tmp_path, port, PAINT_S)
    try:
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(f"http://127.0.0.1:{port}/ws") as ws:
                await ws.send_json({"op": "hello", "user": "hasty"})
                await ws.send_json({"user": "hasty", "text": "/style gogh", "locale": "en-US",
                                    "image": base64.b64encode(make_photo(160, 120)).decode()})
                async for msg in ws:                             # until it paints
                    data = msg.json()
                    if data.get("op") == "edit" and "painting" in (data.get("text") or ""):
                        break
                proc.send_signal(signal.SIGINT)
                await asyncio.sleep(2)
                assert proc.returncode is None                   # the first one drains
                asked = time.monotonic()
                proc.send_signal(signal.SIGINT)
                await asyncio.wait_for(proc.wait(), 15)
                took = time.monotonic() - asked
        output = (await proc.stdout.read()).decode()
    finally:
        await _stop(proc)
    assert proc.returncode == 130, output
    assert took < 10, (took, output)                             # not the painting's 40 s
    assert "Ctrl-C again to stop now" in output, output
    assert "SIGINT (Ctrl-C) again: stopping now" in output, output
    # the operator's last line says it stopped, and what the journal keeps (the painting cut off)
    assert output.rstrip().splitlines()[-1].endswith(
        "WARNING bot: stopped now (exit status 130); 1 unfinished job(s) kept in the journal for the next "
        "start"), output
    from engine.queue.journal import Journal
    journal = Journal(str(tmp_path / "data" / "queue.sqlite3"))
    try:
        assert [job.user_id for job, *_ in journal.undelivered()] == ["web:hasty"]
    finally:
        journal.close()

    # the next start paints it again (quickly now) and the user's next visit gets it
    proc = await _start(tmp_path, port, 0.05)
    try:
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(f"http://127.0.0.1:{port}/ws") as ws:
                await ws.send_json({"op": "hello", "user": "hasty"})

                async def painting():
                    async for msg in ws:
                        if msg.json().get("image"):
                            return msg.json()
                data = await asyncio.wait_for(painting(), 60)
        assert "Vincent van Gogh" in data["text"]
        proc.send_signal(signal.SIGINT)
        await asyncio.wait_for(proc.wait(), 30)
    finally:
        await _stop(proc)
    assert proc.returncode == 0


async def test_the_stopping_line_of_the_in_process_queue_says_a_second_signal_loses_the_painting():
    from bot.__main__ import drain_note
    from engine.queue.memory import InProcessQueue
    from tests.queue.fakes import FakeEngine
    from tests.queue.conftest import make_job

    q = InProcessQueue(FakeEngine)
    await q.start()
    try:
        await q.submit(make_job("a", "sleep:1"))
        await asyncio.sleep(0.1)
        note = drain_note(q)
        assert "Ctrl-C again to stop now" in note and "no journal" in note and "for the next start" not in note
    finally:
        await q.stop()
