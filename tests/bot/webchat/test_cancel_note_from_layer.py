"""The web chat's "stopped by your /cancel" note under a silent message is the command layer's
word (CommandLayer.stopped_by_cancel), not a guess from a /cancel counted after it: a photo the
layer ended in silence, not dropped, while a /cancel came was told stopped by that /cancel."""
from __future__ import annotations

import asyncio

from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.messages import t
from bot.webchat import HUB, create_app

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_webchat_delivery import messages, open_page, photo_message


async def test_a_silent_photo_not_dropped_by_a_later_cancel_keeps_the_plain_mark(settings, store):
    layer = CommandLayer(settings, store, FakeQueue())
    handle, cancelled = layer.handle, asyncio.Event()

    async def handle_silent_photo(req, out):
        if req.images:                  # a photo the layer ends with nothing said (a refusal said once
            await cancelled.wait()      # a burst, above), while the user's /cancel is answered
            return
        await handle(req, out)
        if req.text == "/cancel":
            cancelled.set()

    layer.handle = handle_silent_photo
    async with TestClient(TestServer(create_app(layer))) as c:
        ws = await open_page(c, "ann")
        await ws.send_json({**photo_message("ann", "/style gogh"), "client_id": "1", "qid": "q1"})
        await ws.send_json({"user": "ann", "text": "/cancel", "locale": "en-US", "client_id": "2", "qid": "q2"})
        got = await messages(ws, lambda m: m["op"] == "unanswered")
        # (a photo's plain mark: not taken, on the photo itself, p_flood; not the /cancel's note)
        assert (got[-1]["client_id"], got[-1]["text"]) == ("1", t("en", "web_not_taken"))
        await ws.close()


async def test_the_hub_keeps_no_cancel_count_of_its_own(settings, store):
    """The layer remembers what it dropped: the hub counts no /cancel per user (it kept them)."""
    app = create_app(CommandLayer(settings, store, FakeQueue()))
    async with TestClient(TestServer(app)) as c:
        ws = await open_page(c, "ann")
        await ws.send_json({"user": "ann", "text": "/cancel", "locale": "en-US", "client_id": "1"})
        await messages(ws, lambda m: m["op"] == "lang")
        assert not hasattr(app[HUB], "cancels")
        await ws.close()
