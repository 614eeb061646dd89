"""A second Ctrl-C during the drain stops the bot at once (its engine workers killed, the painting
under way kept in the journal for the next start), but the web user whose photo was painting was
left on "painting… 0%" without a word, while a first Ctrl-C tells the waiting ones "the bot is
restarting, your photo is kept". The painting cut off is now told so too, before the bot exits."""
from __future__ import annotations

import asyncio
import base64
import signal
import sys
import time

import aiohttp
import pytest

from tests.bot.conftest import make_photo
from tests.bot.test_main import free_port
from tests.bot.test_operator import FAKE, clean_env


@pytest.mark.slow
async def test_a_second_ctrl_c_tells_the_painting_it_cuts_off_that_the_photo_is_kept(tmp_path):
    port = free_port()
    env = clean_env(tmp_path, WEB_PORT=str(port), QUEUE_BACKEND="process", ENGINE_FACTORY=FAKE, WORKERS_FAST="1",
                    WORKERS_HQ="0", FAKE_ENGINE_SECONDS="30", DRAIN_TIMEOUT="60", MAX_SIDE="128")
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=tmp_path, env=env,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    texts: list[str] = []
    second_at = None
    try:
        async def until_web_chat():
            async for raw in proc.stdout:
                if b"Web chat:" in raw:
                    return
        await asyncio.wait_for(until_web_chat(), 60)
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(f"http://127.0.0.1:{port}/ws") as ws:
                await ws.send_json({"user": "cut", "text": "/style gogh", "locale": "en-US",
                                    "image": base64.b64encode(make_photo(160, 120)).decode()})
                async for msg in ws:
                    if msg.type != aiohttp.WSMsgType.TEXT:
                        break
                    text = msg.json().get("text") or ""
                    texts.append(text)
                    if "painting" in text and "%" in text and proc.returncode is None and second_at is None:
                        proc.send_signal(signal.SIGINT)          # the drain: the painting goes on
                        await asyncio.sleep(1.0)
                        proc.send_signal(signal.SIGINT)          # stop now
                        second_at = time.monotonic()
        await asyncio.wait_for(proc.wait(), 10)
        took = time.monotonic() - second_at
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert second_at is not None, texts
    assert proc.returncode == 130
    assert took < 4, took                                        # told within ~1 s, then gone
    after = texts[texts.index(next(t for t in texts if "painting" in t and "%" in t)) + 1:]
    assert any("(a restart or maintenance)" in t and "kept" in t for t in after), texts
