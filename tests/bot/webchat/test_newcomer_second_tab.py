"""A newcomer (the first visit's welcome shown, nothing done since) who opens a second tab beside
the first: its browser's flag says it was welcomed, so it asks for nothing, and the server sent a
blank tab beside an open one nothing at all (only the header's hint showed). It gets the first
visit's welcome now, once; a user who has done something here still gets nothing there (their
other tab shows the conversation). The page side: test_welcome_kept_page."""
from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.webchat import create_app

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_one_greeting import _page, _photo_sent, _said
from tests.bot.webchat.test_webchat_delivery import messages

INTRO = "I turn your photos"            # the first visit's welcome


async def _second_tab(c, user: str) -> list[dict]:
    """What a blank tab past its first visit (welcomed: true) is sent, up to its /status's answer."""
    ws = await c.ws_connect("/ws", headers={"Accept-Language": "en-US"})
    await ws.receive_json()
    await ws.send_json({"op": "hello", "user": user, "fresh": True, "have": [], "lines": [], "welcomed": True})
    await ws.send_json({"user": user, "text": "/status", "locale": "en-US", "client_id": "9"})
    said = [m for m in await messages(ws, lambda m: m["op"] == "lang") if m["op"] == "send"]
    await ws.close()
    return said


async def test_a_newcomers_second_tab_beside_the_first_gets_the_first_visits_welcome(settings, store):
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        first = await _page(c, "ann")
        await _said(first, "/start", user="ann")           # the first visit's welcome, in the first tab
        said = await _second_tab(c, "ann")
        greetings = [m["text"] for m in said if INTRO in m["text"]]
        assert len(greetings) == 1 and said[0]["text"] == greetings[0], said
        assert not any(m["text"].startswith("Welcome back") for m in said), said
        await first.close()


async def test_beside_an_open_tab_a_user_who_has_done_something_gets_no_greeting(settings, store):
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        first = await _page(c, "ann")
        await _said(first, "/start", user="ann")
        await _photo_sent(first)
        said = await _second_tab(c, "ann")
        assert not any(INTRO in m["text"] or m["text"].startswith("Welcome back") for m in said), said
        await first.close()
