"""The replies that say "Tap" (a phone's word: Telegram's buttons) said it in the web chat too,
where buttons are clicked: "Which artist should paint it? Tap one". They say "Click" there now;
Telegram and Discord keep their texts."""
from __future__ import annotations

import re

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.commands import Reply
from bot.messages import t, table
from bot.webchat import create_app, payload

from tests.bot.webchat.test_webchat_delivery import messages, open_page, photo_message

TAP = re.compile(r"\btap", re.IGNORECASE)


def _filled(text: str) -> str:
    return text.format_map({name: "3" for name in re.findall(r"\{(\w+)\}", text)})


def test_replies_that_say_tap_say_click_in_the_web_chat():
    tapping = [key for key, text in table("en").items() if TAP.search(text)]
    assert {"pick_artist", "preview_caption", "mix_repeated"} <= set(tapping)
    for key in tapping:
        said = payload("send", "1", Reply(_filled(table("en")[key])))["text"]
        assert not TAP.search(said) and re.search(r"\bclick", said, re.IGNORECASE), (key, said)
    # said inside another reply too ("Photo 2 of 3: " and an error)
    said = payload("send", "1", Reply(t("en", "album_photo", n=2, count=3, error=_filled(table("en")["mix_repeated"]))))
    assert not TAP.search(said["text"]) and "click below" in said["text"], said
    # a user's own words are left as they were ("tap" as an artist's name)
    assert "“tap”" in payload("send", "1", Reply(t("en", "unknown_style", name="tap")))["text"]
    assert TAP.search(t("en", "pick_artist"))             # Telegram's own, as it was


@pytest.fixture
async def client(layer):
    async with TestClient(TestServer(create_app(layer))) as c:
        yield c


async def test_a_bare_photo_asks_for_a_click(client):
    ws = await open_page(client, "tia")
    await ws.send_json(photo_message("tia", ""))
    got = await messages(ws, lambda m: m["op"] == "send" and m.get("buttons"))
    assert got[-1]["text"] == "Which artist should paint it? Click one, or send /style ARTIST.", got[-1]
    await ws.close()
