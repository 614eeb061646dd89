"""A page that lost its connection names every progress line it shows as still running in its
hello (a5ef6df), up to 20; the server kept the last 3 lines per user only, so a page with more
running (a batch of /preview tiles, several photos) had the older ones said settled while they
were still painting. It keeps as many as the page may name now (KEEP_LINES, index.html's 20)."""
from __future__ import annotations

import asyncio

from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.webchat import HUB, create_app

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_webchat_delivery import messages


async def test_ten_running_lines_come_back_as_they_stand_none_settled(settings, store):
    app = create_app(CommandLayer(settings, store, FakeQueue()))
    ids = [f"run-{n}" for n in range(10)]
    for mid in ids:
        app[HUB].note_line("web:ann", {"op": "edit", "id": mid, "text": "painting… 40%", "progress": True,
                                       "buttons": []})
    async with TestClient(TestServer(app)) as c:
        ws = await c.ws_connect("/ws")
        await ws.receive_json()
        await ws.send_json({"op": "hello", "user": "ann", "fresh": False, "have": [], "lines": ids,
                            "welcomed": True})
        edits = set()
        got = await messages(ws, lambda m: m["op"] == "settled" or (m["op"] == "edit" and edits.add(m["id"])
                                                                     or len(edits) == len(ids)))
        assert not [m for m in got if m["op"] == "settled"], got
        assert edits == set(ids), got
        try:                                    # a "settled" would come right after the lines
            later = await asyncio.wait_for(ws.receive_json(), 1.0)
        except TimeoutError:
            later = None
        assert not (later and later["op"] == "settled"), later
        await ws.close()
