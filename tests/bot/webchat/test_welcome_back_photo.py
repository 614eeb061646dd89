"""The welcome back after a restart says "your last photo is kept: try /stronger" only to a user
whose photo is kept; a user who never sent one (or whose photo expired) is told to attach one."""
from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.messages import t
from bot.webchat import create_app

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_welcome_back import _hello
from tests.bot.webchat.test_webchat_delivery import messages, photo_message


async def test_the_welcome_back_names_the_kept_photo_only_where_one_is(settings, store):
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        ws = await c.ws_connect("/ws")
        await ws.receive_json()
        await ws.send_json({"op": "hello", "user": "ann", "fresh": True, "have": [], "lines": []})
        await ws.send_json(photo_message("ann", "/style gogh"))
        await messages(ws, lambda m: m["op"] == "send" and m.get("image"))     # painted: its photo kept
        await ws.close()
        await _hello(c, "bo", fresh=True)                   # bo only asked /status
    assert store.last_photo("web:ann", "web:ann") is not None
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        ann, bo = await _hello(c, "ann", fresh=True), await _hello(c, "bo", fresh=True)
    assert ann[0] == t("en", "web_welcome_back") and "/stronger" in ann[0], ann
    assert bo[0] == t("en", "web_welcome_back_no_photo") and "/stronger" not in bo[0], bo
    assert "photo" not in bo[0].split(":")[0]                # not told a photo is kept
