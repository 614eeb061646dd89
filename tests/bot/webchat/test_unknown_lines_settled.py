"""A reloaded page names its progress lines left unfinished in its hello ("lines") and keeps their
places hidden until the server says how they stand (5aca6f4). A line the server has no word of (it
restarted since: ids are per run) was answered with nothing, and its place stayed hidden for good.
It is said settled now; a line the server knows comes as it stands, not settled. (One from before a
restart that the store kept nothing of, nor a job resumed from the journal edits, is said lost:
test_kept_through_restart; here a line of this run the server let go of.)
(The page: test_line_after_restart_page.)"""
from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.webchat import HUB, create_app

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_webchat_delivery import messages


async def test_a_line_the_server_has_no_word_of_is_settled(settings, store):
    app = create_app(CommandLayer(settings, store, FakeQueue()))
    gone = app[HUB].new_id()
    async with TestClient(TestServer(app)) as c:
        ws = await c.ws_connect("/ws")
        await ws.receive_json()                                    # the server's hello
        await ws.send_json({"op": "hello", "user": "ann", "fresh": False, "have": [],
                            "lines": [gone], "welcomed": True})
        got = await messages(ws, lambda m: m["op"] in ("settled", "lang"))
        assert {"op": "settled", "ids": [gone]} in got, got
        await ws.close()


async def test_a_line_the_server_knows_comes_as_it_stands_not_settled(settings, store):
    app = create_app(CommandLayer(settings, store, FakeQueue()))
    app[HUB].note_line("web:ann", {"op": "edit", "id": "known-3", "text": "painting… 40%", "progress": True, "buttons": []})
    gone = app[HUB].new_id()
    async with TestClient(TestServer(app)) as c:
        ws = await c.ws_connect("/ws")
        await ws.receive_json()
        await ws.send_json({"op": "hello", "user": "ann", "fresh": False, "have": [],
                            "lines": ["known-3", gone], "welcomed": True})
        got = await messages(ws, lambda m: m["op"] in ("settled", "lang"))
        assert any(m["op"] == "edit" and m["id"] == "known-3" and m["progress"] for m in got), got
        assert {"op": "settled", "ids": [gone]} in got, got           # the known one is not
        await ws.close()
