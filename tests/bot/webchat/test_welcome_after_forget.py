"""After /forgetme the bot knows the user no more, but their browser is past its first visit (its
flag asks for no welcome): a tab opened then, or the other tab reloaded, was blank. Such an empty
page is sent /start's welcome, as a new user's is; a first visit (the page asks /start itself)
and a page that shows the conversation are not."""
from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.messages import t
from bot.chat import Reply
from bot.webchat import create_app, payload

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_webchat_delivery import messages


async def _hello(c, user: str, fresh: bool, welcomed: bool, language: str = "en-US") -> list[dict]:
    """What a page saying hello is sent, up to the answer of its /status (which makes the user
    known again: each call is a page of its own)."""
    ws = await c.ws_connect("/ws", headers={"Accept-Language": language})
    await ws.receive_json()                                    # the server's hello
    await ws.send_json({"op": "hello", "user": user, "fresh": fresh, "have": [], "lines": [],
                        "welcomed": welcomed})
    await ws.send_json({"user": user, "text": "/status", "locale": language})
    got = await messages(ws, lambda m: m["op"] == "lang")
    await ws.close()
    return [m for m in got if m["op"] == "send"]


async def _forget(c, user: str) -> None:
    ws = await c.ws_connect("/ws")
    await ws.receive_json()
    await ws.send_json({"op": "hello", "user": user, "fresh": False, "welcomed": True})
    await ws.send_json({"user": user, "text": "/forgetme yes", "locale": "en-US"})
    await messages(ws, lambda m: m["op"] == "forgotten")
    await ws.close()


async def test_an_empty_page_after_forgetme_gets_the_first_visits_welcome(settings, store):
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        await _hello(c, "gone", fresh=True, welcomed=False)    # the first visit (and its /status)
        await _forget(c, "gone")
        assert not store.knows_user("web:gone")
        got = await _hello(c, "gone", fresh=True, welcomed=True)
        assert got[0].get("welcome") is True, got
        assert got[0]["text"] == payload("send", "x", Reply(t("en", "start")))["text"], got
        assert t("en", "web_welcome_back_no_photo") not in [m["text"] for m in got]


async def test_the_welcome_after_forgetme_is_in_the_browsers_language(settings, store):
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        await _hello(c, "ko", fresh=True, welcomed=False, language="ko-KR")
        await _forget(c, "ko")
        got = await _hello(c, "ko", fresh=True, welcomed=True, language="ko-KR")
        assert got[0].get("welcome") is True, got
        assert got[0]["text"] == payload("send", "x", Reply(t("ko", "start")))["text"], got


async def test_a_first_visit_and_a_page_showing_the_conversation_get_no_welcome_from_the_server(settings, store):
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        first = await _hello(c, "new", fresh=True, welcomed=False)     # the page asks /start itself
        assert not any(m.get("welcome") for m in first), first
        await _forget(c, "new")
        shown = await _hello(c, "new", fresh=False, welcomed=True)     # it shows the conversation
        assert not any(m.get("welcome") for m in shown), shown


async def test_after_forgetme_a_page_beside_the_open_one_is_welcomed_too(settings, store):
    """The tab that sent /forgetme shows no more than the "deleted" reply: a new tab beside it is a
    new user's page, not one whose user is there already."""
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        await _hello(c, "two", fresh=True, welcomed=False)
        open_tab = await c.ws_connect("/ws")
        await open_tab.receive_json()
        await open_tab.send_json({"op": "hello", "user": "two", "fresh": False, "welcomed": True})
        await open_tab.send_json({"user": "two", "text": "/forgetme yes", "locale": "en-US"})
        await messages(open_tab, lambda m: m["op"] == "forgotten")
        beside = await _hello(c, "two", fresh=True, welcomed=True)
        assert beside[0].get("welcome") is True, beside
        await open_tab.close()
