"""The web chat's replies speak of what the page has: a photo attached (📷) with the command typed
in the same message, not a "caption" (Telegram's word, which the page has no such thing as). The
welcome, the hint for a message with no photo, and "send a photo first" said "as its caption";
Telegram and Discord keep their own texts."""
from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.messages import t
from bot.webchat import create_app

from tests.bot.webchat.test_webchat_delivery import messages, open_page


@pytest.fixture
async def client(layer):
    async with TestClient(TestServer(create_app(layer))) as c:
        yield c


async def answer(ws, user, text, locale):
    await ws.send_json({"user": user, "text": text, "locale": locale})
    got = await messages(ws, lambda m: m["op"] == "send" and not m.get("progress"))
    return got[-1]["text"]


@pytest.mark.parametrize("locale, caption", [("en-US", "caption"), ("ko-KR", "캡션")])
async def test_the_web_chats_replies_do_not_speak_of_captions(client, locale, caption):
    user = "cap" + locale[:2]
    ws = await open_page(client, user)
    welcome = await answer(ws, user, "/start", locale)
    example = {"en-US": "/style gogh", "ko-KR": "/style 고흐"}[locale]     # (Korean examples: Korean names)
    assert example in welcome and caption not in welcome, welcome
    assert "📷" in welcome                         # says how to attach one here
    for text in ("hello there", "/style gogh", "/style", "/help"):
        said = await answer(ws, user, text, locale)
        assert caption not in said, (text, said)
    await ws.close()
    # Telegram's texts are as they were
    lang = locale[:2]
    assert caption in t(lang, "start") and caption in t(lang, "no_photo") and caption in t(lang, "text_hint")
