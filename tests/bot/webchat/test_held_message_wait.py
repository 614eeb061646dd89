"""The page holds what the user sends while the bot is down or starting, and sends it once
connected, saying how long it held it ("waited_ms"): the painting's "✅ done in N s" counts that
wait too (QA saw "done in under a second" 11.8 s after Send). A page's number is bounded: at most
held_wait.MOST_WAITED_S, and nothing for one that is no number."""
from __future__ import annotations

import re

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.webchat import create_app
from bot.webchat.held_wait import MOST_WAITED_S, waited_before

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_webchat_delivery import messages, open_page, photo_message


@pytest.fixture
async def client(settings, store):
    app = create_app(CommandLayer(settings, store, FakeQueue(delay=0.1)))
    async with TestClient(TestServer(app)) as c:
        yield c


async def done_in(client, user: str, **extra) -> str:
    """The "✅ ... done in N s" line of a /style gogh sent with ``extra`` fields."""
    page = await open_page(client, user)
    await page.send_json({**photo_message(user, "/style gogh"), **extra})
    got = await messages(page, lambda m: "done in" in (m.get("text") or ""))
    await page.close()
    return got[-1]["text"]


def seconds(line: str) -> float:
    found = re.search(r"done in ([0-9.]+) s", line)
    return float(found.group(1)) if found else 0.0      # ("under a second")


async def test_a_held_messages_done_line_counts_the_time_the_page_held_it(client):
    line = await done_in(client, "hana", waited_ms=11800)
    assert "under a second" not in line and seconds(line) >= 11.8, line


async def test_a_message_sent_at_once_says_its_own_time(client):
    line = await done_in(client, "ian")
    assert seconds(line) < 5, line


@pytest.mark.parametrize("claim", [True, "9000", None, -5000, float("nan"), float("inf"), [1000]])
def test_a_wait_that_is_no_usable_number_is_not_counted(claim):
    assert waited_before({"waited_ms": claim}) == 0.0


async def test_a_page_saying_its_wait_as_text_is_told_its_own_time(client):
    line = await done_in(client, "jo", waited_ms="11800")
    assert seconds(line) < 5, line


def test_a_page_claiming_a_week_is_counted_the_most_it_may():
    assert waited_before({"waited_ms": 7 * 86400 * 1000}) == MOST_WAITED_S
    assert waited_before({"waited_ms": 2500}) == 2.5
