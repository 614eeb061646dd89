"""The web chat's user ids: the page makes one (a random UUID, kept in localStorage). An id the
page never makes (too long, odd characters) made an anonymous user without a word; and a script
could name a fresh id on each new socket, a fresh user each time, past every per-user limit (jobs a
minute, paintings waiting). Now such an id is answered with a friendly error, and one client
address may bring only so many new ids a minute: tabs and reloads (the same id) never reach it.
Over a real websocket (aiohttp's test client)."""
from __future__ import annotations

import asyncio

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.messages import t
from bot.webchat import NEW_IDS_PER_MINUTE, create_app

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_webchat_delivery import messages, photo_message


@pytest.fixture
async def client(settings, store):
    queue = FakeQueue()
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, queue)))) as c:
        c.queue = queue
        yield c


async def socket(client, headers=None):
    ws = await client.ws_connect("/ws", headers=headers or {})
    assert (await ws.receive_json())["op"] == "hello"
    return ws


async def said(ws, message) -> list[dict]:
    await ws.send_json(message)
    return await messages(ws, lambda m: m["op"] in ("send", "lang") and not m.get("progress"))


@pytest.mark.parametrize("user", ["x" * 65, "ann smith", "<script>", "ann/../bob"])
async def test_an_id_the_page_never_makes_is_answered_and_not_acted_on(client, user):
    ws = await socket(client)
    got = await said(ws, photo_message(user, "/style gogh"))
    assert got[-1]["op"] == "send" and got[-1]["text"] == t("en", "web_bad_id"), got
    assert not any(m["op"] == "ack" for m in got) and client.queue.jobs == []
    # in the browser's language
    got = await said(ws, {**photo_message(user, "/style gogh"), "locale": "ko-KR"})
    assert got[-1]["text"] == t("ko", "web_bad_id") and client.queue.jobs == []
    await ws.close()


async def test_one_address_brings_only_so_many_new_ids_a_minute(client):
    pages = []
    for i in range(NEW_IDS_PER_MINUTE):
        ws = await socket(client)
        got = await said(ws, photo_message(f"user{i}", "/style gogh"))
        assert not any(m.get("text") == t("en", "web_too_many_ids") for m in got), i
        pages.append(ws)
    assert len(client.queue.jobs) == NEW_IDS_PER_MINUTE
    # one more fresh id from the same address: told so, in its language (the hello has no locale:
    # the browser's Accept-Language), and not a user
    ws = await socket(client, headers={"Accept-Language": "ko-KR,ko;q=0.9,en;q=0.8"})
    await ws.send_json({"op": "hello", "user": "mint"})
    got = await messages(ws, lambda m: m["op"] == "send")
    assert got[-1]["text"] == t("ko", "web_too_many_ids"), got
    await ws.send_json(photo_message("mint", "/style gogh"))     # (said once a while: not again now)
    await asyncio.sleep(0.5)
    assert len(client.queue.jobs) == NEW_IDS_PER_MINUTE
    # an anonymous socket (no id: a user of its own) is a new id too
    anon = await socket(client)
    got = await said(anon, {"text": "/status", "locale": "en-US"})
    assert got[-1]["text"] == t("en", "web_too_many_ids"), got
    # the ids already here keep working: more tabs, reloads
    for _ in range(3):
        again = await socket(client)
        got = await said(again, photo_message("user0", "/style monet"))
        assert not any(m.get("text") == t("en", "web_too_many_ids") for m in got)
        await again.close()
    assert [job.styles[0].value for job in client.queue.jobs].count("monet") == 3
    for ws_ in pages + [ws, anon]:
        await ws_.close()


async def test_tabs_and_reloads_of_one_user_never_reach_the_limit(client):
    for _ in range(NEW_IDS_PER_MINUTE + 5):
        ws = await socket(client)
        got = await said(ws, {"user": "3f1c2a9e-8b7d-4c6e-9a5f-1e2d3c4b5a69", "text": "/status", "locale": "en-US"})
        assert not any(m.get("text") in (t("en", "web_too_many_ids"), t("en", "web_bad_id")) for m in got)
        await ws.close()


async def test_a_minute_later_new_ids_are_welcome_again(client, monkeypatch):
    import bot.webchat as webchat
    monkeypatch.setattr(webchat, "NEW_IDS_WINDOW_S", 1.0)      # "a minute", shorter
    for i in range(NEW_IDS_PER_MINUTE):
        ws = await socket(client)
        await said(ws, {"user": f"u{i}", "text": "/status", "locale": "en-US"})
        await ws.close()
    ws = await socket(client)
    assert (await said(ws, {"user": "late", "text": "/status", "locale": "en-US"}))[-1]["text"] == \
        t("en", "web_too_many_ids")
    await asyncio.sleep(1.2)
    got = await said(ws, {"user": "late", "text": "/status", "locale": "en-US"})
    assert not any(m.get("text") == t("en", "web_too_many_ids") for m in got)
    await ws.close()
