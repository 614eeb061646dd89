"""A painting asked for in a tab that reloaded as its photo went out, with another tab of the user
open: the job's progress line went to the other tab alone (the asking one was away), and so did its
"✅ done in N s". Back from the reload, the tab was sent the painting it lacked, but not that line:
it never had it, so its hello named no unfinished line for it. The painting's line now comes with
the painting, its outcome in it, just above it."""
from __future__ import annotations

import asyncio

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.webchat import HUB, create_app

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_webchat_delivery import messages, open_page, photo_message


class GatedQueue(FakeQueue):
    """A job taken only once ``gate`` is set: the test decides when the progress line goes out."""

    def __init__(self):
        super().__init__(delay=0.2)
        self.gate = asyncio.Event()

    async def submit(self, job):
        await self.gate.wait()
        return await super().submit(job)


@pytest.fixture
async def gated(settings, store):
    queue = GatedQueue()
    app = create_app(CommandLayer(settings, store, queue))
    async with TestClient(TestServer(app)) as c:
        c.queue, c.hub = queue, app[HUB]
        yield c


async def _away_as_the_line_went_out(client, user: str):
    """The asking tab sends a photo and goes away (reloading) before the job's first line; the
    other tab gets the line, its outcome and the painting. Returns the other tab's messages."""
    asking = await open_page(client, user)
    other = await open_page(client, user)
    await asking.send_json(photo_message(user, "/style monet"))
    await messages(asking, lambda m: m["op"] == "ack")
    await asking.close()
    for _ in range(100):                        # the server has seen it go
        if all(o.ws is not asking for o in client.hub.sockets.get(f"web:{user}", ())) and \
                len(client.hub.sockets.get(f"web:{user}", ())) == 1:
            break
        await asyncio.sleep(0.01)
    client.queue.gate.set()
    got = await messages(other, lambda m: m["op"] == "send" and m.get("image"))
    await asyncio.sleep(0.1)
    return other, got


async def test_the_tab_back_from_a_reload_gets_the_paintings_done_line_with_it(gated):
    other, seen_there = await _away_as_the_line_went_out(gated, "vera")
    line = next(m["id"] for m in seen_there if m.get("progress"))
    painting = seen_there[-1]["id"]

    back = await gated.ws_connect("/ws")
    await back.receive_json()
    # it shows neither the line (never sent to it) nor the painting
    await back.send_json({"op": "hello", "user": "vera", "fresh": False, "have": [], "lines": []})
    got = await messages(back, lambda m: m.get("image"))
    assert got[-1]["id"] == painting, got
    ended = [m for m in got if m.get("id") == line]
    assert ended and "done in" in ended[-1]["text"] and not ended[-1]["progress"], got
    assert got.index(ended[-1]) < len(got) - 1          # above the painting, as on the other tab
    for ws in (other, back):
        await ws.close()


async def test_a_tab_that_shows_the_painting_is_not_sent_its_line_again(gated):
    other, seen_there = await _away_as_the_line_went_out(gated, "wren")
    line = next(m["id"] for m in seen_there if m.get("progress"))
    painting = seen_there[-1]["id"]

    back = await gated.ws_connect("/ws")
    await back.receive_json()
    await back.send_json({"op": "hello", "user": "wren", "fresh": False, "have": [painting], "lines": []})
    await back.send_json({"user": "wren", "text": "/status", "locale": "en-US"})
    got = await messages(back, lambda m: m["op"] == "lang")
    assert not [m for m in got if m.get("id") in (line, painting)], got
    for ws in (other, back):
        await ws.close()
