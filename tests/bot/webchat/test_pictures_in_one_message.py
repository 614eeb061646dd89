"""How many pictures the web chat reads of one message: as many as /addstyle takes
(STYLE_PAINTINGS_MAX), the page's hello saying so. The server read the first and 10 more, 11,
which /addstyle then refused ("A style needs 1 to 10 paintings; I got 11")."""
from __future__ import annotations

import base64

from aiohttp.test_utils import TestClient, TestServer

from bot.community_commands import STYLE_PAINTINGS_MAX
from bot.webchat import MAX_PICTURES, create_app

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_delivery import messages, open_page


def pictures(count: int) -> list[str]:
    return ["data:image/jpeg;base64," + base64.b64encode(make_photo(60 + i, 50)).decode()
            for i in range(count)]     # (each different: the same one twice is one painting)


def test_the_page_and_addstyle_take_the_same_number():
    assert MAX_PICTURES == STYLE_PAINTINGS_MAX


async def test_a_message_with_more_pictures_than_a_style_takes_makes_a_style_of_the_first(layer):
    sent = pictures(STYLE_PAINTINGS_MAX + 2)            # the first, and one more than a style takes besides
    async with TestClient(TestServer(create_app(layer))) as c:
        ws = await open_page(c, "admin")
        await ws.send_json({"user": "admin", "text": "/addstyle Ink", "image": sent[0], "images": sent[1:],
                            "locale": "en", "client_id": "8"})
        got = await messages(ws, lambda m: m["op"] == "lang")
        [ack] = [m for m in got if m["op"] == "ack"]
        assert len(ack["ids"]) == STYLE_PAINTINGS_MAX
        assert layer.described == [STYLE_PAINTINGS_MAX]
        await ws.close()
