"""A page whose browser lost its "welcomed" flag asks for the first visit's welcome itself (/start,
with no bubble: no client_id); where the bot knows its user, that page got "Welcome back!" and the
whole welcome too. It gets one greeting now: the welcome back (to a user who has done something
here: a photo sent; one who has not gets the first visit's welcome, test_newcomer_welcome),
marked as the welcome the page waits for; a /start the user types is answered as ever. (The page itself: test_one_greeting_page.)"""
from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.messages import t
from bot.webchat import create_app

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_webchat_delivery import messages, photo_message


async def _page(c, user: str, fresh: bool = True):
    ws = await c.ws_connect("/ws", headers={"Accept-Language": "en-US"})
    await ws.receive_json()                                    # the server's hello
    await ws.send_json({"op": "hello", "user": user, "fresh": fresh, "have": [], "lines": [], "welcomed": False})
    return ws


async def _said(ws, text: str, answers: int = 2, **more) -> list[dict]:
    """What ``text`` and a /status after it are sent, up to the last of their ``answers`` (each
    ends with its "lang"; the page's own /start that is not answered has none)."""
    await ws.send_json({"user": more.pop("user"), "text": text, "locale": "en-US", **more})
    await ws.send_json({"user": "ann", "text": "/status", "locale": "en-US", "client_id": "9"})
    got: list[dict] = []
    for _ in range(answers):
        got += await messages(ws, lambda m: m["op"] == "lang")
    return [m for m in got if m["op"] == "send"]


async def _photo_sent(ws) -> None:
    """A photo alone (its artist buttons): the user has done something here, so is welcomed back
    (one who has done nothing gets the first visit's welcome: test_newcomer_welcome)."""
    await ws.send_json({**photo_message("ann", ""), "client_id": "2"})
    await messages(ws, lambda m: m["op"] == "lang")


async def test_a_known_users_page_without_the_flag_gets_one_greeting(settings, store):
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        first = await _page(c, "ann")                         # a first visit: its /start is the welcome
        said = await _said(first, "/start", user="ann")
        assert said[0]["welcome"] and said[0]["text"].startswith("Hello!"), said
        await _photo_sent(first)
        await first.close()
        again = await _page(c, "ann")                         # the flag lost: a new tab, alone
        said = await _said(again, "/start", answers=1, user="ann")     # (its own /start, then a /status)
        greetings = [m for m in said if m.get("welcome")]
        assert [m["text"] for m in greetings] == [t("en", "web_welcome_back")], said
        assert not any("I turn your photos" in m["text"] for m in said), said
        typed = await _said(again, "/start", user="ann", client_id="3")     # typed: the welcome, as ever
        assert any("I turn your photos" in m["text"] for m in typed), typed
        await again.close()


async def test_beside_an_open_page_the_pages_own_start_is_welcomed_back(settings, store):
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        first = await _page(c, "ann")
        await _said(first, "/start", user="ann")
        await _photo_sent(first)
        beside = await _page(c, "ann")
        said = await _said(beside, "/start", answers=1, user="ann")
        assert said[0]["welcome"] and said[0]["text"] == t("en", "web_welcome_back"), said
        assert not any("I turn your photos" in m["text"] for m in said), said
        await beside.close()
        await first.close()
