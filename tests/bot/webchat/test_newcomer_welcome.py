"""A newcomer whose first welcome was lost (a reload right after their first /start) is a user the
server knows: their page, which asks for the first visit's welcome itself, got "Welcome back!" and
never the introduction of what the bot does. A user the bot knows who has done nothing here yet (no
photo kept, no painting) gets the first visit's welcome, once; one who has is welcomed back
(test_one_greeting)."""
from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.messages import t
from bot.webchat import create_app

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_one_greeting import _page, _said
from tests.bot.webchat.test_webchat_delivery import messages

INTRO = "I turn your photos"            # the first visit's welcome


def _greetings(said: list[dict]) -> list[str]:
    return [m["text"] for m in said if m.get("welcome")]


async def test_a_newcomer_whose_welcome_was_lost_gets_the_first_visits_welcome(settings, store):
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        first = await _page(c, "ann")                # its /start sent, then the page reloaded
        await _said(first, "/start", user="ann")
        await first.close()
        again = await _page(c, "ann")                # no flag: it asks for the welcome itself
        said = await _said(again, "/start", user="ann")      # (its own /start, then a /status)
        greetings = _greetings(said)
        assert len(greetings) == 1 and INTRO in greetings[0], said
        assert not any(m["text"].startswith("Welcome back") for m in said), said
        await again.close()


async def test_beside_an_open_page_a_newcomer_gets_one_greeting_the_welcome(settings, store):
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        first = await _page(c, "ann")
        await _said(first, "/start", user="ann")
        beside = await _page(c, "ann")
        said = await _said(beside, "/start", user="ann")
        greetings = _greetings(said)
        assert len(greetings) == 1 and INTRO in greetings[0], said
        assert t("en", "web_welcome_back_no_photo") not in [m["text"] for m in said], said
        await beside.close()
        await first.close()


async def test_a_page_past_its_first_visit_is_welcomed_back_as_before(settings, store):
    """(its browser's flag says it was welcomed: it asks for nothing, and a blank new tab of a user
    the bot knows is welcomed back, photo or not)"""
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        first = await _page(c, "ann")
        await _said(first, "/start", user="ann")
        await first.close()
        ws = await c.ws_connect("/ws", headers={"Accept-Language": "en-US"})
        await ws.receive_json()
        await ws.send_json({"op": "hello", "user": "ann", "fresh": True, "have": [], "lines": [], "welcomed": True})
        await ws.send_json({"user": "ann", "text": "/status", "locale": "en-US", "client_id": "9"})
        said = [m for m in await messages(ws, lambda m: m["op"] == "lang") if m["op"] == "send"]
        assert said[0]["text"] == t("en", "web_welcome_back_no_photo"), said
        await ws.close()
