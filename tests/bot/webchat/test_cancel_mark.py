"""The mark under a message that got no reply of its own said "Stopped by your /cancel before it
was painted: see the answer below" wherever a /cancel had come since it was sent (9ba8972). A
/cancel counts itself: a second /cancel of nothing, which the layer answers once a burst (above),
was marked as stopped by itself, pointing at an answer below that never came. Only a painting
is stopped by a /cancel; any other silent message keeps the "see the bot's answer above" mark."""
from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.messages import t
from bot.webchat import create_app

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_webchat_delivery import messages, open_page


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
