"""A painting the stop's drain finished (an /hq one now ends its steps to be delivered in time) is
handed over as the queue stops, its send to the chat still under way (an upload to Discord or
Telegram takes seconds): the front-ends closed at once, and a send not done by then was lost.
The bot now lets the requests under way end (up to DELIVERY_S) before the front-ends close. The
web chat's send is made slow here, as an upload is."""
from __future__ import annotations

import asyncio
import base64
import socket
from pathlib import Path

import aiohttp

from bot.__main__ import run
from bot.webchat import WebResponder
from tests.bot.conftest import make_photo

ROOT = Path(__file__).resolve().parents[1].parent
UPLOAD_S = 2.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_a_painting_finished_in_the_drain_is_sent_before_the_front_ends_close(settings, monkeypatch, tmp_path):
    for name in ("QUEUE_DB", "DATA_DIR", "WEB_ENABLED"):
        monkeypatch.delenv(name, raising=False)
    for name, value in dict(QUEUE_BACKEND="process", ENGINE_FACTORY="tests.queue.fakes:make_engine",
                            WORKERS_FAST="1", WORKERS_HQ="0", FAKE_ENGINE_SECONDS="3", DRAIN_TIMEOUT="30",
                            PYTHONPATH=str(ROOT)).items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    port = free_port()
    settings.WEB_ENABLED, settings.WEB_PORT, settings.STYLE_TRAINING = "true", port, False
    sending = WebResponder.send_here

    async def slow_send_here(self, reply, mid, era=None):
        if reply.image:
            await asyncio.sleep(UPLOAD_S)
        return await sending(self, reply, mid, era)
    monkeypatch.setattr(WebResponder, "send_here", slow_send_here)

    stop = asyncio.Event()
    bot = asyncio.create_task(run(settings, stop))
    got = []
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(300):
                assert not bot.done(), bot.exception()
                try:
                    ws = await session.ws_connect(f"http://127.0.0.1:{port}/ws")
                    break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)
            await ws.send_json({"op": "hello", "user": "leaving"})
            await ws.send_json({"user": "leaving", "text": "/style gogh", "locale": "en-US",
                                "image": base64.b64encode(make_photo(160, 120)).decode()})

            async def read_until_closed():
                async for msg in ws:
                    if msg.type is not aiohttp.WSMsgType.TEXT:
                        continue
                    data = msg.json()
                    got.append(data)
                    if data.get("op") == "edit" and "painting" in (data.get("text") or ""):
                        stop.set()                       # mid-painting: the drain lets it finish
            await asyncio.wait_for(read_until_closed(), 60)
        await asyncio.wait_for(bot, 60)
    finally:
        stop.set()
        if not bot.done():
            bot.cancel()
            await asyncio.gather(bot, return_exceptions=True)
    assert any(m.get("op") == "edit" and "painting" in (m.get("text") or "") for m in got), got
    assert any(m.get("image") for m in got), [m.get("text") for m in got]
