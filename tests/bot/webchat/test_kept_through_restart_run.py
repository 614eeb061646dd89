"""QA finding 1 as the operator met it, through bot/__main__.run with the process queue and its
journal: a web chat user sends a photo with /style gogh and closes the page; Ctrl-C comes while it
is painting, and the painting finishes in the stop's drain ("job … finished … ok"). After the
restart the reopened page got only {"op": "settled"} for its line, which kept saying "painting…",
and never the painting: the journal had it handed over (delivered) as the drain ended, and the web
chat kept it in memory alone. It comes now, with the line's outcome. (In-process, without the
queue: test_kept_through_restart.)"""
from __future__ import annotations

import asyncio
import base64

import aiohttp
import pytest

from bot.__main__ import run

from tests.bot.conftest import make_photo
from tests.bot.test_main import free_port
from tests.bot.test_resume import queue_env
from tests.bot.webchat.test_webchat_delivery import messages

__all__ = ["queue_env"]


async def _page(http: aiohttp.ClientSession, url: str, bot: asyncio.Task, **hello):
    """The page connected (the bot may still be starting) and its hello said."""
    for _ in range(300):
        assert not bot.done(), bot.exception() if bot.done() else None
        try:
            ws = await http.ws_connect(url)
            break
        except aiohttp.ClientError:
            await asyncio.sleep(0.1)
    else:
        raise AssertionError("the web chat never started")
    assert (await ws.receive_json())["op"] == "hello"
    await ws.send_json({"op": "hello", "user": "ann", "welcomed": True, **hello})
    return ws


@pytest.mark.slow
async def test_a_painting_finished_in_the_stops_drain_reaches_the_page_opened_after_the_restart(
        settings, queue_env, monkeypatch):
    monkeypatch.setenv("FAKE_ENGINE_SECONDS", "3")    # long enough for the stop to come mid-painting
    monkeypatch.setenv("DRAIN_TIMEOUT", "30")
    settings.STYLE_TRAINING = False
    settings.WEB_ENABLED, settings.WEB_PORT = "true", free_port()
    url = f"http://127.0.0.1:{settings.WEB_PORT}/ws"
    photo = "data:image/jpeg;base64," + base64.b64encode(make_photo(96, 72)).decode()
    async with aiohttp.ClientSession() as http:
        stop = asyncio.Event()
        bot = asyncio.create_task(run(settings, stop))
        try:
            page = await _page(http, url, bot, fresh=True)
            await page.send_json({"user": "ann", "text": "/style gogh", "image": photo, "locale": "en-US",
                                  "client_id": "1", "qid": "q1"})
            got = await messages(page, lambda m: m["op"] == "edit" and "%" in (m.get("text") or ""), timeout=60)
            line = next(m["id"] for m in got if m["op"] == "send" and m.get("progress"))
            await page.close()                   # the page closed while it paints
            stop.set()                           # Ctrl-C: the drain lets the painting finish
            await asyncio.wait_for(bot, 60)
        finally:
            stop.set()
            if not bot.done():
                bot.cancel()
            await asyncio.gather(bot, return_exceptions=True)

        stop = asyncio.Event()                   # the restart
        bot = asyncio.create_task(run(settings, stop))
        try:
            page = await _page(http, url, bot, fresh=False, have=[], lines=[line])
            got = await messages(page, lambda m: m["op"] == "send" and m.get("image"), timeout=30)
            outcome = [m for m in got if m.get("id") == line]
            assert outcome and not outcome[-1]["progress"] and outcome[-1]["text"].startswith("✅"), got
            assert not [m for m in got if m["op"] == "settled"], got
            await page.close()
        finally:
            stop.set()
            await asyncio.wait_for(bot, 60)
