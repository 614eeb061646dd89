"""The words the page refuses a too-big file with come in the server's hello: they said "the limit
is 20.0 MB" (MAX_UPLOAD_MB is a float) where the bot's own refusal says "20 MB". A limit that is no
whole number stays as it is."""
from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.settings import Settings
from bot.webchat import MAX_PICTURES, create_app

from tests.bot.conftest import FakeQueue


@pytest.mark.parametrize("limit, said", [(20.0, "20 MB"), (7.5, "7.5 MB")])
async def test_the_pages_too_big_words_say_the_limit_as_the_bot_does(tmp_path, store, limit, said):
    settings = Settings(_env_file=None, DATA_DIR=tmp_path / "data", MAX_UPLOAD_MB=limit,
                        TELEGRAM_TOKEN=None, DISCORD_TOKEN=None)
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as client:
        ws = await client.ws_connect("/ws")
        hello = await ws.receive_json()
        await ws.close()
    assert hello["op"] == "hello"
    assert hello["too_big"]["en"] == f"That file is too large ({{size}} MB; the limit is {said}).", hello["too_big"]
    assert f"한도는 {said}" in hello["too_big"]["ko"] and ".0 MB" not in hello["too_big"]["ko"], hello["too_big"]


async def test_the_hello_says_how_many_pictures_a_message_takes_and_how_to_say_more_were_picked(settings, store):
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as client:
        ws = await client.ws_connect("/ws")
        hello = await ws.receive_json()
        await ws.close()
    assert hello["most_pictures"] == MAX_PICTURES
    assert hello["too_many"]["en"] == (f"You picked {{picked}} files; a style takes at most {MAX_PICTURES} paintings,"
                                       f" so I used the first {MAX_PICTURES}."), hello["too_many"]
    assert f"처음 {MAX_PICTURES}개" in hello["too_many"]["ko"], hello["too_many"]
