"""A message the web chat does not take for the id it names (an id the page never makes) was
refused in the browser's language, even where the socket's user had chosen theirs with /lang: a
Korean user on an English browser was told in English. Now the user's choice, where the socket
has a user; the browser's language otherwise."""
from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.messages import t
from bot.webchat import create_app

from tests.bot.webchat.test_webchat_delivery import messages, open_page

BAD = {"user": "not an id!", "text": "/status", "locale": "en-US"}


async def test_a_bad_id_is_refused_in_the_language_the_user_chose(layer, store):
    store.set_prefs("web:kim", "web", lang="ko")          # /lang ko, on an English browser
    async with TestClient(TestServer(create_app(layer))) as c:
        ws = await open_page(c, "kim")
        await ws.send_json(BAD)
        got = await messages(ws, lambda m: m["op"] == "send")
        assert got[-1]["text"] == t("ko", "web_bad_id")
        await ws.close()


async def test_without_a_choice_it_is_the_browser_language(layer):
    async with TestClient(TestServer(create_app(layer))) as c:
        ws = await open_page(c, "lee")
        await ws.send_json(BAD)
        got = await messages(ws, lambda m: m["op"] == "send")
        assert got[-1]["text"] == t("en", "web_bad_id")
        await ws.send_json({**BAD, "locale": "ko-KR"})
        got = await messages(ws, lambda m: m["op"] == "send")
        assert got[-1]["text"] == t("ko", "web_bad_id")
        await ws.close()
