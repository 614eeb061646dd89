"""A web chat page sending a flood of photos: past the messages it may have answered at once,
each one got "I'm still answering your earlier messages" (30 photos: some 25 of them, the chat
filled with the same line). Now a burst is told once, a text as well as a picture (it is read
another way), and again once the page has been answered."""
from __future__ import annotations

import asyncio

from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.messages import t
from bot import webchat
from bot.webchat import create_app

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_webchat_delivery import messages, open_page, photo_message


# a message naming another user: said so at once, in the order the page sent it (no cap)
MARKER = {"user": "someone-else", "text": "hi", "locale": "en"}


class Gated(FakeQueue):
    def __init__(self):
        super().__init__()
        self.gate = asyncio.Event()

    async def wait(self, job_id, on_status=None):
        await self.gate.wait()
        return await super().wait(job_id, on_status)


async def test_thirty_photos_from_a_page_get_one_still_answering(settings, store, monkeypatch):
    monkeypatch.setattr(webchat, "BUSY_QUIET_S", 600.0, raising=False)
    queue = Gated()                                 # the paintings stay under way
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, queue)))) as c:
        page = await open_page(c, "zed")
        for _ in range(30):
            await page.send_json(photo_message("zed", "/style gogh"))
        await page.send_json(MARKER)                # answered in turn, after them all
        got = await messages(page, lambda m: m.get("text") == t("en", "web_other_user"), timeout=30)
        assert sum(m["op"] == "ack" for m in got) == 30
        assert [m.get("text") for m in got].count(t("en", "web_busy")) == 1
        # past the quiet time, a refusal is said again (here at once: none of it)
        monkeypatch.setattr(webchat, "BUSY_QUIET_S", 0.0, raising=False)
        for _ in range(3):
            await page.send_json(photo_message("zed", "/style monet"))
        await page.send_json(MARKER)
        got = await messages(page, lambda m: m.get("text") == t("en", "web_other_user"), timeout=30)
        assert [m.get("text") for m in got].count(t("en", "web_busy")) == 3
        queue.gate.set()
        await page.close()
