"""A web chat socket belongs to the first user it names: a later message on it naming another user
is not acted on (as either user), and the page is told so, in the socket's user's language, where
it used to hear nothing. Over a real websocket (aiohttp's test client)."""
from __future__ import annotations

import asyncio
import base64

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.messages import t
from bot.webchat import create_app

from tests.bot.conftest import FakeQueue, make_photo


@pytest.fixture
async def client(settings, store):
    queue = FakeQueue()
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, queue)))) as c:
        c.queue, c.store = queue, store
        yield c


async def until(ws, accept, timeout=10.0) -> list[dict]:
    """What the server sent, up to and including the first message ``accept`` takes."""
    seen = []
    async with asyncio.timeout(timeout):
        while True:
            seen.append(await ws.receive_json())
            if accept(seen[-1]):
                return seen


async def page(client, user: str | None):
    ws = await client.ws_connect("/ws")
    assert (await ws.receive_json())["op"] == "hello"
    if user is not None:
        await ws.send_json({"op": "hello", "user": user})
    return ws


def photo(user, text, locale="en-US"):
    data = "data:image/jpeg;base64," + base64.b64encode(make_photo()).decode()
    return {"user": user, "text": text, "image": data, "locale": locale, "client_id": "1"}


async def test_a_message_naming_another_user_is_answered_and_not_acted_on(client):
    ann = await page(client, "ann")
    await ann.send_json(photo("bob", "/style gogh"))
    got = await until(ann, lambda m: m["op"] == "send")
    assert got[-1]["text"] == t("en", "web_other_user")
    assert got[-1]["buttons"] == [] and "image" not in got[-1]
    assert not any(m["op"] == "ack" for m in got)          # the picture was not taken in
    # the socket is still ann's, and still answers her (the reply above came before hers)
    await ann.send_json({"user": "ann", "text": "/status", "locale": "en-US"})
    after = await until(ann, lambda m: m["op"] == "lang")
    assert not any(m.get("text") == t("en", "web_other_user") for m in after)
    assert client.queue.jobs == []                      # bob's painting was never asked for
    # bob's own page heard nothing of it
    bob = await page(client, "bob")
    await bob.send_json({"user": "bob", "text": "/status", "locale": "en-US"})
    theirs = await until(bob, lambda m: m["op"] == "lang")
    assert not any(m.get("image") for m in theirs)
    await ann.close()
    await bob.close()


async def test_the_answer_is_in_the_sockets_users_language_never_the_other_ids(client):
    client.store.set_prefs("web:bob", "web", lang="ko")     # bob chose Korean: not what ann's page hears
    ann = await page(client, "ann")
    await ann.send_json({"user": "bob", "text": "/help", "locale": "en-US"})
    assert (await until(ann, lambda m: m["op"] == "send"))[-1]["text"] == t("en", "web_other_user")
    # ann's browser speaks Korean: so is the answer
    await ann.send_json({"user": "bob", "text": "/help", "locale": "ko-KR"})
    assert (await until(ann, lambda m: m["op"] == "send"))[-1]["text"] == t("ko", "web_other_user")
    await ann.close()
    # a user who chose Korean (/lang ko) hears Korean whatever their browser says
    client.store.set_prefs("web:kim", "web", lang="ko")
    kim = await page(client, "kim")
    await kim.send_json({"user": "lee", "text": "/help", "locale": "en-US"})
    assert (await until(kim, lambda m: m["op"] == "send"))[-1]["text"] == t("ko", "web_other_user")
    await kim.close()


async def test_a_socket_first_used_anonymously_answers_a_named_user_so_too(client):
    ws = await page(client, None)
    await ws.send_json({"text": "/help", "locale": "en-US"})          # no id: an anonymous user's socket
    await until(ws, lambda m: m["op"] == "lang")
    await ws.send_json({"user": "ann", "text": "/help", "locale": "en-US"})
    got = await until(ws, lambda m: m["op"] in ("send", "lang"))
    assert got[-1]["op"] == "send" and got[-1]["text"] == t("en", "web_other_user")
    # a message with no id at all is still the socket's own, answered as before
    await ws.send_json({"text": "/help", "locale": "en-US"})
    got = await until(ws, lambda m: m["op"] == "lang")
    assert not any(m.get("text") == t("en", "web_other_user") for m in got)
    await ws.close()
