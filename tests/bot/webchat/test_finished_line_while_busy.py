"""A page that opens while its user's next painting is on its way but has no line yet (its photo
still read, its job not yet in the queue: the layer counts it busy from the start) was sent the
user's latest progress line as busy's, though that was the finished job's: "✅ done in N s" came
below the last painting, as a message of its own on a new tab, and a second time on a page back
from a reload (sent just above the painting already). A line is sent as still under way only when
it is (WebChatHub.under_way); a finished one only with its painting."""
from __future__ import annotations

import asyncio
import contextlib

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.webchat import create_app

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_webchat_delivery import messages, open_page, photo_message

USER = "xena"


class SecondJobHeld(FakeQueue):
    """The first job painted at once; any later one taken into the queue only once ``gate`` is set."""

    def __init__(self):
        super().__init__()
        self.gate = asyncio.Event()

    async def submit(self, job):
        if self.jobs:
            await self.gate.wait()
        return await super().submit(job)


@pytest.fixture
async def busy_after_a_painting(settings, store):
    """The user's first painting done (its line finished), a second one asked for and not yet in
    the queue. ``c.line``, ``c.painting``: the first job's line and painting ids."""
    queue = SecondJobHeld()
    layer = CommandLayer(settings, store, queue)
    async with TestClient(TestServer(create_app(layer))) as c:
        asking = await open_page(c, USER)
        await asking.send_json(photo_message(USER, "/style monet"))
        got = await messages(asking, lambda m: m["op"] == "lang")
        c.line = next(m["id"] for m in got if m.get("progress"))
        c.painting = next(m["id"] for m in got if m.get("image"))
        await asking.send_json({**photo_message(USER, "/style gogh"), "client_id": "2"})
        for _ in range(200):
            if layer.pending.get(f"web:{USER}") and len(queue.jobs) == 1:
                break
            await asyncio.sleep(0.01)
        assert layer.pending.get(f"web:{USER}") and len(queue.jobs) == 1
        yield c
        queue.gate.set()
        await asking.close()


async def _opened(client, **hello) -> list[dict]:
    ws = await client.ws_connect("/ws")
    await ws.receive_json()
    await ws.send_json({"op": "hello", "user": USER, **hello})
    got = []
    # what its hello is sent (a message now waits its turn behind the painting asked for)
    with contextlib.suppress(TimeoutError):
        while True:
            got.append(await ws.receive_json(timeout=0.5))
    await ws.close()
    return got


async def test_a_new_tab_gets_the_painting_without_its_finished_line_below_it(busy_after_a_painting):
    got = await _opened(busy_after_a_painting, fresh=True, have=[], lines=[])
    assert [m["id"] for m in got if m.get("image")] == [busy_after_a_painting.painting], got
    assert not [m for m in got if m.get("id") == busy_after_a_painting.line], got


async def test_a_page_back_from_a_reload_gets_the_finished_line_once_above_its_painting(busy_after_a_painting):
    got = await _opened(busy_after_a_painting, fresh=False, have=[], lines=[])
    ids = [m.get("id") for m in got]
    assert ids.count(busy_after_a_painting.line) == 1, got
    assert ids.index(busy_after_a_painting.line) < ids.index(busy_after_a_painting.painting), got
