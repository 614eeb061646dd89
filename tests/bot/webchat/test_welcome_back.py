"""After a restart a returning user's page was blank: the page asks for the welcome on a first
visit only, and the bot's memory of their last paintings (what a new tab is shown) was gone,
though their settings, history and last photo are kept. A page that shows nothing and is sent
nothing now gets a short welcome back, in the user's language; a first visit (a user the bot
does not know yet) does not, nor does a page that shows the conversation."""
from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.messages import t
from bot.webchat import create_app

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_webchat_delivery import messages


async def _hello(c, user: str, fresh: bool, language: str = "en-US") -> list[dict]:
    """What a page saying hello is sent, up to the answer of its /status."""
    ws = await c.ws_connect("/ws", headers={"Accept-Language": language})
    await ws.receive_json()                                    # the server's hello
    await ws.send_json({"op": "hello", "user": user, "fresh": fresh, "have": [], "lines": []})
    await ws.send_json({"user": user, "text": "/status", "locale": language})
    got = await messages(ws, lambda m: m["op"] == "lang")
    await ws.close()
    return [m["text"] for m in got if m["op"] == "send"]


async def test_a_known_users_empty_page_is_welcomed_back_after_a_restart(settings, store):
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        first = await _hello(c, "ann", fresh=True)           # a first visit: the page asks /start itself
        assert t("en", "web_welcome_back") not in first, first
    # the bot restarts: a new app, the same store
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        again = await _hello(c, "ann", fresh=True)           # (no photo sent: not told one is kept)
        assert again[0] == t("en", "web_welcome_back_no_photo"), again
        reloaded = await _hello(c, "ann", fresh=False)       # a page showing the conversation
        assert t("en", "web_welcome_back") not in reloaded, reloaded


async def test_the_welcome_back_is_in_the_users_language(settings, store):
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        await _hello(c, "kim", fresh=True, language="ko-KR")
        said = await _hello(c, "kim", fresh=True, language="ko-KR")
        assert said[0] == t("ko", "web_welcome_back_no_photo"), said
        assert "/도움말" in said[0] and "📷" in said[0]


async def test_a_tab_opened_beside_an_open_one_is_not_welcomed_back(settings, store):
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        await _hello(c, "bo", fresh=True)
        open_tab = await c.ws_connect("/ws")
        await open_tab.receive_json()
        await open_tab.send_json({"op": "hello", "user": "bo", "fresh": False})
        await open_tab.send_json({"user": "bo", "text": "/status", "locale": "en-US"})
        await messages(open_tab, lambda m: m["op"] == "lang")
        beside = await _hello(c, "bo", fresh=True)
        assert t("en", "web_welcome_back") not in beside, beside
        await open_tab.close()
