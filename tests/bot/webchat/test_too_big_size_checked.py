"""The size of a file the page refused ("too_big_mb") is the client's word: a size at or under
MAX_UPLOAD_MB (the page never sends one) was refused as too large anyway, "1.0 MB; the limit is
20 MB". Such a size, NaN and Infinity are ignored now (the message answered as if sent alone); the
page's own size, to a tenth (a file of 20.04 MB says 20.0), is still refused."""
from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.messages import t
from bot.webchat import create_app

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_too_big_file import _answer
from tests.bot.webchat.test_webchat_delivery import open_page


@pytest.fixture
async def page(settings, store):
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        ws = await open_page(c, "ann")
        yield ws
        await ws.close()


@pytest.mark.parametrize("size", [1, 0.5, 19.5, 19.9, float("nan"), float("inf"), float("-inf")])
async def test_a_size_the_page_never_sends_is_not_refused_as_too_large(page, settings, size):
    assert settings.MAX_UPLOAD_MB == 20
    said = await _answer(page, "/style monet", too_big_mb=size)
    assert said and not any("too large" in s for s in said), (size, said)


@pytest.mark.parametrize("size", [20.0, 20.1, 23.8])
async def test_the_page_size_of_a_file_over_the_limit_is_refused(page, settings, size):
    said = await _answer(page, "/style monet", too_big_mb=size)
    assert said == [t("en", "file_too_large", size=size, limit=20)], said
