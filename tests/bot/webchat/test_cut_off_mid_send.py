"""A stop that cuts off a web chat answer of one picture while its painting was still being sent
to the page: counted as sent (Answering.painting_out was set before the send), its user was told
nothing (cut_off_word: "its painting is there") and may have had no painting and no word. Only a
painting the page took counts as sent: the user is told to send it again (busy_restarting), not
"again" by the page unasked (it may have the painting: the user decides)."""
from __future__ import annotations

import asyncio

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.chat import Reply
from bot.commands import CommandLayer
from bot.messages import t
import bot.webchat as webchat
from bot.webchat import create_app

from tests.bot.conftest import FakeQueue, make_photo
from tests.bot.webchat.test_cut_off_at_stop import stop_with
from tests.bot.webchat.test_webchat_delivery import messages, open_page, photo_message


@pytest.fixture
def painting_send_hangs(monkeypatch) -> asyncio.Event:
    """A painting's send to the page never ends (a slow connection); the event: it has begun."""
    begun = asyncio.Event()
    send_here = webchat.WebResponder.send_here

    async def hung(self, reply, mid, era=None):
        if reply.image:
            begun.set()
            await asyncio.sleep(60)
        return await send_here(self, reply, mid, era)

    monkeypatch.setattr(webchat.WebResponder, "send_here", hung)
    return begun


async def line_then_painting(req, out) -> None:
    await out.send(Reply(text="painting…", progress=True))
    await out.send(Reply(text="done", image=make_photo(64, 48)))


async def test_a_picture_whose_painting_send_was_cut_off_is_told_to_send_it_again(settings, store, monkeypatch,
                                                                                  painting_send_hangs):
    layer = CommandLayer(settings, store, FakeQueue())
    monkeypatch.setattr(layer, "handle", line_then_painting)
    app = create_app(layer)
    client = TestClient(TestServer(app))
    await client.start_server()
    page = await open_page(client, "uma")
    await page.send_json({**photo_message("uma", "/style monet"), "qid": "q-uma"})
    await messages(page, lambda m: m["op"] == "send" and m.get("progress"))
    await asyncio.wait_for(painting_send_hangs.wait(), 10)
    try:
        [got] = await stop_with(client, page)
    finally:
        for task in list(app[webchat.TASKS]):
            task.cancel()
    assert not [m for m in got if m.get("image")], got
    assert not [m for m in got if m.get("again")], got           # (it may be there: the user decides)
    assert {"op": "unanswered", "client_id": "1", "qid": "q-uma", "text": t("en", "busy_restarting")} in got, got
