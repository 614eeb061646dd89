"""What a second Ctrl-C/SIGTERM leaves behind, with real processes. With the one-host queue
(QUEUE_BACKEND=process) the bot starts its engine workers, each in a session of its own (the
terminal's Ctrl-C does not reach them): the stop-now kills them, so a painting under way does not
go on for nobody. With Redis (QUEUE_BACKEND=redis) the bot starts no worker at all: they are
`python -m engine worker` processes the operator runs, on GPU hosts, which a bot's stop must not
touch; its jobs under way stay in Redis for them."""
from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import re
import signal
import sys
import time

import aiohttp
import pytest

from tests.bot.conftest import make_photo
from tests.bot.test_main import ROOT, free_port
from tests.bot.test_style_training import alive, children_of as children
from tests.queue.conftest import RedisServer

pytestmark = pytest.mark.slow


def bot_env(tmp_path, port: int, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_", "REDIS_"))}
    env.update(PYTHONPATH=str(ROOT), DATA_DIR=str(tmp_path / "data"), WEB_PORT=str(port), LOG_LEVEL="INFO",
               ENGINE_FACTORY="tests.queue.fakes:make_engine", DRAIN_TIMEOUT="60", METRICS_PORT="0",
               STYLE_TRAINING="false", **extra)
    return env


class Bot:
    """`python -m bot`, its output read as it comes."""

    def __init__(self) -> None:
        self.proc = None
        self.lines: list[str] = []
        self.reader = None

    async def start(self, tmp_path, env: dict) -> None:
        self.proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=tmp_path, env=env,
                                                         stdout=asyncio.subprocess.PIPE,
                                                         stderr=asyncio.subprocess.STDOUT)
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for line in self.proc.stdout:
            self.lines.append(line.decode(errors="replace"))

    async def line(self, pattern: str, seconds: float = 60) -> re.Match:
        deadline = time.monotonic() + seconds
        while True:
            for line in self.lines:
                found = re.search(pattern, line)
                if found:
                    return found
            assert time.monotonic() < deadline, f"no line {pattern!r} in:\n{''.join(self.lines)}"
            await asyncio.sleep(0.1)

    async def exited(self, seconds: float) -> int:
        """Its exit status, polled: proc.wait() waits for its output pipe to close too, which a
        worker it left behind (inheriting that pipe as its stderr) keeps open."""
        deadline = time.monotonic() + seconds
        while self.proc.returncode is None:
            assert time.monotonic() < deadline, f"the bot did not exit in {seconds} s:\n{self.output()}"
            await asyncio.sleep(0.1)
        return self.proc.returncode

    async def end(self) -> None:
        if self.proc.returncode is None:
            self.proc.kill()
        if self.reader is not None:          # (its last lines; not for ever, as said above)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.reader, 5)

    def output(self) -> str:
        return "".join(self.lines)


async def send_photo(ws, command: str = "/style gogh") -> None:
    await ws.send_json({"op": "hello", "user": "hasty"})
    await ws.send_json({"user": "hasty", "text": command, "locale": "en-US",
                        "image": base64.b64encode(make_photo(160, 120)).decode()})


async def said_offline(ws) -> None:
    """Until the bot says the painter is offline; a closed socket is a failure, not a message."""
    async for msg in ws:
        assert msg.type == aiohttp.WSMsgType.TEXT, msg
        if "offline" in (msg.json().get("text") or ""):
            return
    raise AssertionError("the web chat closed before saying the painter is offline")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
async def test_the_second_signal_kills_the_engine_workers_the_bot_started(tmp_path):
    port = free_port()
    bot = Bot()
    painting = tmp_path / "painting"           # made when the worker's painting begins
    # a painting that ignores its cancel (a stuck decoder, a driver): the worker cannot stop it,
    # even once it hears that the bot is gone (its stdin closes), and would paint on for nobody
    await bot.start(tmp_path, bot_env(tmp_path, port, QUEUE_BACKEND="process", WORKERS_FAST="1",
                                      WORKERS_HQ="0", FAKE_ENGINE_STALL_AFTER="0",
                                      FAKE_ENGINE_STALL_MARKER=str(painting)))
    pid = None
    try:
        pid = int((await bot.line(r"worker fast-0 started \(pid (\d+)\)")).group(1))
        await bot.line("serving: the web chat")
        assert alive(pid) and pid in children(bot.proc.pid), bot.output()
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(f"http://127.0.0.1:{port}/ws") as ws:
                await send_photo(ws)
                deadline = time.monotonic() + 60
                while not painting.exists():
                    assert time.monotonic() < deadline, bot.output()
                    await asyncio.sleep(0.1)
                bot.proc.send_signal(signal.SIGTERM)
                await bot.line("Ctrl-C again to stop now")       # the first one drains
                assert bot.proc.returncode is None and alive(pid), bot.output()
                bot.proc.send_signal(signal.SIGTERM)
                await bot.exited(30)                     # not the painting's hour
        deadline = time.monotonic() + 10
        while alive(pid) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        left = alive(pid)
    finally:
        if pid is not None and alive(pid):     # (a failure here: no painting left hanging for an hour)
            os.kill(pid, signal.SIGKILL)
        await bot.end()
    assert bot.proc.returncode == 143, bot.output()
    assert not left, f"worker {pid} still paints after the bot stopped now:\n{bot.output()}"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
async def test_in_redis_mode_the_bot_starts_no_worker_for_a_stop_to_leave_behind(tmp_path):
    server = RedisServer()
    server.start()
    port = free_port()
    bot = Bot()
    try:
        await bot.start(tmp_path, bot_env(tmp_path, port, QUEUE_BACKEND="redis", REDIS_URL=server.url))
        await bot.line("serving: the web chat")
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(f"http://127.0.0.1:{port}/ws") as ws:
                await send_photo(ws, "/hq gogh")                 # a job waits for a worker
                await asyncio.wait_for(said_offline(ws), 60)     # (not for ever, should it not come)
                assert children(bot.proc.pid) == [], bot.output()
                bot.proc.send_signal(signal.SIGINT)
                await bot.exited(30)
    finally:
        await bot.end()
        server.stop()
    assert bot.proc.returncode == 0, bot.output()
