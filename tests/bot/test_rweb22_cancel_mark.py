"""The mark under a message that got no reply of its own said "Stopped by your /cancel before it
was painted: see the answer below" wherever a /cancel had come since it was sent (9ba8972). A
/cancel counts itself: a second /cancel of nothing, which the layer answers once a burst (above),
was marked as stopped by itself, pointing at an answer below that never came. Only a painting
is stopped by a /cancel; any other silent message keeps the "see the bot's answer above" mark."""
from __future__ import annotations

import asyncio

from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.messages import t
from bot.webchat import HUB, create_app

from .conftest import FakeQueue
from .test_webchat_delivery import messages, open_page


async def test_a_second_cancel_of_nothing_is_not_marked_stopped_by_itself(settings, store):
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        ws = await open_page(c, "ann")
        got = []
        for n in (1, 2):
            await ws.send_json({"user": "ann", "text": "/cancel", "locale": "ko-KR", "client_id": str(n), "qid": f"q{n}"})
            got.append(await messages(ws, lambda m: m["op"] == "lang"))
        assert [m["text"] for m in got[0] if m["op"] == "send"] == [t("ko", "nothing_to_cancel")]
        assert not [m for m in got[1] if m["op"] == "send"]       # said once a burst: above
        marks = [m for m in got[1] if m["op"] == "unanswered"]
        assert [(m["client_id"], m["text"]) for m in marks] == [("2", t("ko", "web_unanswered"))], marks
        await ws.close()


async def test_the_cancel_count_goes_with_forgetme_and_with_a_user_long_gone(settings, store):
    """What the hub keeps per user id goes with /forgetme (everything was said deleted) and a
    while after their last page closed, as their pictures do (the count was kept for good)."""
    app = create_app(CommandLayer(settings, store, FakeQueue()))
    hub = app[HUB]
    async with TestClient(TestServer(app)) as c:
        for user in ("ann", "bob"):
            ws = await open_page(c, user)
            await ws.send_json({"user": user, "text": "/cancel", "locale": "en-US", "client_id": "1"})
            await messages(ws, lambda m: m["op"] == "lang")
            assert hub.cancels.get(f"web:{user}") == 1
            if user == "ann":
                await ws.send_json({"user": user, "text": "/forgetme yes", "locale": "en-US", "client_id": "2"})
                await messages(ws, lambda m: m["op"] == "lang")
                assert "web:ann" not in hub.cancels
            await ws.close()
        hub.offline_keep_s = 0.0
        other = await open_page(c, "cy")               # any later visit sweeps
        await asyncio.sleep(0.1)
        assert "web:bob" not in hub.cancels
        await other.close()
