"""A socket's first message refused ("too many new ids from your network") was answered in the
language of whatever user id the message named (its stored /lang): a script could learn another
id's language choice. It is answered in the page's language now (the message's locale, else the
socket's Accept-Language), never the named id's; a bad id after the socket's own user is still
said in that user's choice (test_refusal_language)."""
from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.messages import t
from bot.webchat import WebChatHub, create_app

from tests.bot.webchat.test_webchat_delivery import messages


def refusing_hub() -> WebChatHub:
    hub = WebChatHub()
    hub.admits = lambda *args, **kwargs: False          # this address brought too many new ids
    return hub


async def test_a_refused_id_is_answered_in_the_page_language_not_the_named_ids(layer, store):
    store.set_prefs("web:kim", "web", lang="ko")          # another user's /lang ko
    async with TestClient(TestServer(create_app(layer, hub=refusing_hub()))) as c:
        ws = await c.ws_connect("/ws", headers={"Accept-Language": "en-GB,en;q=0.9"})
        assert (await ws.receive_json())["op"] == "hello"
        await ws.send_json({"op": "hello", "user": "kim"})          # (a hello has no locale)
        got = await messages(ws, lambda m: m["op"] == "send")
        assert got[-1]["text"] == t("en", "web_too_many_ids"), got
        await ws.close()


async def test_the_message_locale_comes_first(layer, store):
    store.set_prefs("web:lee", "web", lang="en")
    async with TestClient(TestServer(create_app(layer, hub=refusing_hub()))) as c:
        ws = await c.ws_connect("/ws", headers={"Accept-Language": "en-US"})
        assert (await ws.receive_json())["op"] == "hello"
        await ws.send_json({"user": "lee", "text": "/status", "locale": "ko-KR"})
        got = await messages(ws, lambda m: m["op"] == "send")
        assert got[-1]["text"] == t("ko", "web_too_many_ids"), got
        await ws.close()
