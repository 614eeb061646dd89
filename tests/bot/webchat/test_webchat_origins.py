"""The web chat's socket against pages that are not its own, and against one socket posing as many
users, over aiohttp's test client (a real server on 127.0.0.1): a hostile site open in the
operator's browser could drive the chat (the socket checked no Origin), remove the community's
styles and paint under any number of names."""
from __future__ import annotations

import asyncio
import base64

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.messages import t
from bot.webchat import HUB, TASKS, create_app

from tests.bot.conftest import FakeQueue, make_photo
from tests.bot.webchat.test_webchat_delivery import messages, open_page, photo_message


@pytest.fixture
async def client(settings, store):
    settings.WEB_ORIGINS = "https://chat.example.com"
    queue = FakeQueue()
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, queue)))) as c:
        c.queue = queue
        yield c


async def refused(client, **headers) -> bool:
    try:
        ws = await client.ws_connect("/ws", headers=headers)
    except aiohttp.WSServerHandshakeError as exc:
        return exc.status == 403
    await ws.close()
    return False


async def test_only_the_chats_own_page_may_open_its_socket(client):
    own = f"http://127.0.0.1:{client.port}"
    assert not await refused(client, Origin=own)                                   # the page it served
    assert not await refused(client)                                               # no browser: no Origin
    assert not await refused(client, Origin="https://chat.example.com")           # WEB_ORIGINS
    assert await refused(client, Origin="https://evil.example")                   # a site the operator visits
    assert await refused(client, Origin=f"http://localhost:{client.port + 1}")    # another local page
    # DNS rebinding: evil.example resolving to 127.0.0.1 makes its page "the same origin"
    assert await refused(client, Origin=f"http://evil.example:{client.port}", Host=f"evil.example:{client.port}")


async def test_a_socket_is_one_users_however_many_ids_its_messages_name(client, settings):
    """Each message naming a fresh id was a fresh user: past RATE_LIMIT_JOBS and
    MAX_PENDING_PER_USER at will. A socket is the first user it names; what it sends under other
    ids is not acted on."""
    page = await open_page(client, "amy")
    for i in range(settings.MAX_PENDING_PER_USER + 3):
        await page.send_json(photo_message(f"someone{i}", "/style gogh"))
    await page.send_json(photo_message("amy", "/style monet"))
    await messages(page, lambda m: m["op"] == "lang")
    assert [(job.user_id, job.styles[0].value) for job in client.queue.jobs] == [("web:amy", "monet")]
    await page.close()


async def test_a_picture_over_the_upload_limit_is_refused_before_it_is_kept(client, settings):
    page = await open_page(client, "max")
    big = make_photo() + bytes(int(settings.MAX_UPLOAD_MB * 1024 * 1024))
    await page.send_json({"user": "max", "text": "/style gogh", "locale": "en-US", "client_id": "1",
                          "image": "data:image/jpeg;base64," + base64.b64encode(big).decode()})
    got = await messages(page, lambda m: m["op"] == "lang")
    size = round(len(big) / 1048576, 1)
    assert t("en", "file_too_large", size=size, limit=20) in [m.get("text") for m in got]
    assert not [m for m in got if m["op"] == "ack"] and not client.queue.jobs
    assert not client.server.app[HUB].images.get("web:max")
    await page.close()


async def test_a_page_cannot_have_more_answered_at_once_than_its_paintings_allow(settings, store):
    """Each message was a task of its own, holding its pictures, with no bound: a page sending in a
    loop held them all. Past MAX_PENDING_PER_USER + IN_FLIGHT_SPARE under way, it is told so."""
    from bot.webchat import IN_FLIGHT_SPARE

    queue = FakeQueue(delay=2.0)
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, queue)))) as c:
        page = await open_page(c, "ivy")
        limit = settings.MAX_PENDING_PER_USER + IN_FLIGHT_SPARE
        for _ in range(limit + 4):                  # paintings take 2 s: all under way at once
            await page.send_json(photo_message("ivy", "/style gogh"))
        await messages(page, lambda m: m.get("text") == t("en", "web_busy"))
        assert len(c.server.app[TASKS]) <= limit
        await page.close()


async def test_a_text_after_a_refused_picture_is_refused_too(settings, store):
    """A picture refused as too many were under way, then "/style monet": the text passed the
    larger cap of messages without pictures and painted the photo before the refused one."""
    from bot.webchat import IN_FLIGHT_SPARE

    queue = FakeQueue(delay=2.0)
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, queue)))) as c:
        page = await open_page(c, "kit")
        limit = settings.MAX_PENDING_PER_USER + IN_FLIGHT_SPARE
        for _ in range(limit + 1):                  # the last one is refused
            await page.send_json(photo_message("kit", ""))
        await page.send_json({"user": "kit", "text": "/style monet", "locale": "en"})
        got = []
        async with asyncio.timeout(15):
            while sum(m.get("text") == t("en", "web_busy") for m in got) < 2:
                got.append(await page.receive_json())
        assert not [job for job in queue.jobs if [s.value for s in job.styles] == ["monet"]]
        await page.close()


async def test_a_burst_of_messages_without_pictures_is_answered(settings, store):
    """Thirty messages at once after a photo: /status, /help and /settings are answered, and
    the paintings beyond the limits are told so (it refused 26 of 30, /status too, saying "4
    paintings in progress" with 2)."""
    from bot.webchat import IN_FLIGHT_TEXT

    settings.MAX_PENDING_PER_USER = 2
    queue = FakeQueue(delay=2.0)
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, queue)))) as c:
        page = await open_page(c, "joy")
        await page.send_json(photo_message("joy", ""))
        await messages(page, lambda m: m["op"] == "lang")
        burst = ["/style gogh", "/status", "/help", "/settings", "/style monet", "/styles"] * 3
        assert len(burst) < IN_FLIGHT_TEXT
        for text in burst:
            await page.send_json({"user": "joy", "text": text, "locale": "en"})
        got = []
        async with asyncio.timeout(15):
            while sum(m["op"] == "lang" for m in got) < len(burst):
                got.append(await page.receive_json())
        texts = [m.get("text", "") for m in got if m["op"] == "send"]
        assert t("en", "web_busy") not in texts
        assert sum(text.startswith("Queue:") for text in texts) == 3               # every /status
        assert len(queue.jobs) == 2 and t("en", "too_many_pending", count=2) in texts
        await page.close()


def test_a_users_pictures_are_kept_within_a_byte_budget(monkeypatch):
    """KEEP_IMAGES pictures of MAX_UPLOAD_MB each were a gigabyte a user: the oldest go past
    KEEP_IMAGE_BYTES too (the newest is always kept)."""
    import bot.webchat as webchat

    monkeypatch.setattr(webchat, "KEEP_IMAGE_BYTES", 2500)
    out = webchat.WebResponder(None, webchat.WebChatHub())
    for i in range(5):
        out.remember(f"m{i}", bytes(1000))
    assert list(out.images) == ["m3", "m4"]
    out.remember("big", bytes(4000))
    assert list(out.images) == ["big"]
