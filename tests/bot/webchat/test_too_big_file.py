"""A file over MAX_UPLOAD_MB is refused by the page when picked and never uploaded; the message
typed with it goes out with its size ("too_big_mb"). The server refuses it again where the command
would have painted that file ("/style monet": it painted the user's previous photo), and lets any
other command through (/status was held back by the page until ✕ was pressed)."""
from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.messages import t
from bot.webchat import create_app

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_webchat_delivery import messages, open_page, photo_message


def answered(m) -> bool:
    return m["op"] == "lang"


async def _answer(ws, text: str, **extra) -> list[str]:
    await ws.send_json({"user": "ann", "text": text, "locale": "en-US", "client_id": "2", **extra})
    return [m["text"] for m in await messages(ws, answered) if m["op"] == "send"]


async def test_a_painting_command_with_a_refused_file_is_refused_not_painted_from_the_last_photo(settings, store):
    queue = FakeQueue()
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, queue)))) as c:
        ws = await open_page(c, "ann")
        await ws.send_json(photo_message("ann", "/style gogh"))        # an earlier photo, painted
        await messages(ws, answered)
        jobs = len(queue.jobs)
        said = await _answer(ws, "/style monet", too_big_mb=23.8)
        assert said == [t("en", "file_too_large", size=23.8, limit=20)], said
        assert len(queue.jobs) == jobs
        bare = await _answer(ws, "", too_big_mb=23.8)                   # the file alone, no words
        assert bare == said, bare
        await ws.close()


async def test_other_commands_with_a_refused_file_are_answered(settings, store):
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        ws = await open_page(c, "ann")
        said = await _answer(ws, "/status", too_big_mb=23.8)
        assert said and not any("too large" in s for s in said), said
        help_said = await _answer(ws, "/help", too_big_mb=23.8)
        assert help_said and "/style" in help_said[0], help_said
        await ws.close()


async def test_a_size_that_is_no_size_is_ignored(settings, store):
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        ws = await open_page(c, "ann")
        for bad in (True, "23.8", -1, 0, 1e300, None, [23.8]):
            said = await _answer(ws, "/style monet", too_big_mb=bad)
            assert not any("too large" in s for s in said), (bad, said)
        await ws.close()
