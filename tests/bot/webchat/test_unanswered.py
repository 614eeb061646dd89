"""Fourteen photos sent within seconds: some were painted, one got "slow down" and the rest no reply
of their own (the command layer says a refusal once a burst, so Telegram is not spammed). On the web
page those bubbles sat there as if still on their way. Now a request that ends with nothing said is
marked under its bubble ("no reply of its own: see the bot's answer above"), in the user's language,
and stays marked after a reload. The same for a message the page's own cap refused silently."""
from __future__ import annotations

import asyncio

from aiohttp.test_utils import TestClient, TestServer

from bot import webchat
from bot.commands import CommandLayer, RateLimiter
from bot.messages import t
from bot.webchat import create_app

from tests.bot.webchat import test_webchat_page
from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_flood import Gated
from tests.bot.webchat.test_webchat_delivery import messages, open_page, photo_message
from tests.bot.webchat.test_webchat_page import connected, say, wait

page, server = test_webchat_page.page, test_webchat_page.server       # (the fixtures)


def in_a_browser(test):
    """A test of the page in Chromium: skipped without one, as test_webchat_page's."""
    for mark in test_webchat_page.pytestmark:
        test = mark(test)
    return test


def _status(user: str, n: int) -> dict:
    return {"user": user, "text": "/status", "locale": "ko-KR", "client_id": str(n)}


async def test_each_message_the_layer_refused_silently_is_marked_unanswered(settings, store):
    layer = CommandLayer(settings, store, Gated())
    layer.chatter = RateLimiter(2, 20.0, layer.clock)      # the limit on messages, reached at once
    async with TestClient(TestServer(create_app(layer))) as c:
        ws = await open_page(c, "kim")
        for n in range(1, 6):
            await ws.send_json(_status("kim", n))
            # one at a time: each answered (or not) before the next
            got = await messages(ws, lambda m: m["op"] == "lang")
            marks = [m for m in got if m["op"] == "unanswered"]
            if n <= 3:          # two answered, the third told "slow down"
                assert not marks, n
            else:               # the fourth and fifth: refused, said nothing (said once above)
                assert [m["client_id"] for m in marks] == [str(n)]
                assert marks[0]["text"] == t("ko", "web_unanswered")
                assert not [m for m in got if m["op"] == "send"]
        await ws.close()


async def test_fourteen_photos_past_the_painting_limit_each_get_a_reply_or_a_mark(settings, store):
    """The report's case: 7 painted, one told "slow down", the 6 others marked."""
    layer = CommandLayer(settings.model_copy(update={"RATE_LIMIT_JOBS": 7}), store, FakeQueue())
    async with TestClient(TestServer(create_app(layer))) as c:
        ws = await open_page(c, "ann")
        got = []
        for n in range(14):
            await ws.send_json({**photo_message("ann", "/style gogh"), "client_id": str(n)})
            got += await messages(ws, lambda m: m["op"] == "lang")
        assert sum(1 for m in got if m["op"] == "send" and m.get("image")) == 7
        slow = [m for m in got if m["op"] == "send" and not m.get("progress") and not m.get("image")]
        assert len(slow) == 1 and "slow" in slow[0]["text"].lower()
        # the photo told "slow down" and the 6 after it: each marked not taken (p_flood: on the photo)
        marks = [m for m in got if m["op"] == "unanswered"]
        assert [m["client_id"] for m in marks] == [str(n) for n in range(7, 14)]
        assert all(m["text"] == t("en", "web_not_taken") and m["not_taken"] for m in marks)
        await ws.close()


async def test_a_message_the_page_cap_refused_silently_is_marked_too(settings, store, monkeypatch):
    monkeypatch.setattr(webchat, "BUSY_QUIET_S", 600.0, raising=False)
    queue = Gated()                                 # the paintings stay under way
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, queue)))) as c:
        ws = await open_page(c, "zed")
        cap = settings.MAX_PENDING_PER_USER + webchat.IN_FLIGHT_SPARE
        for n in range(cap + 3):
            await ws.send_json({**photo_message("zed", "/style gogh"), "client_id": str(n)})
        got = await messages(ws, lambda m: m["op"] == "unanswered" and m["client_id"] == str(cap + 2))
        assert [m.get("text") for m in got].count(t("en", "web_busy")) == 1      # the first refused
        # (the photo told "still answering" too: marked not taken on itself, p_flood)
        marks = [m for m in got if m["op"] == "unanswered"]
        assert [m["client_id"] for m in marks] == [str(cap), str(cap + 1), str(cap + 2)]
        assert all(m["text"] == t("en", "web_not_taken") and m["not_taken"] for m in marks), marks
        queue.gate.set()
        await ws.close()


@in_a_browser
async def test_the_page_marks_the_unanswered_bubbles_and_keeps_them_marked_over_a_reload(server, page):
    from selenium.webdriver.common.by import By
    server.layer.chatter = RateLimiter(2, 20.0, server.layer.clock)
    # two answered, the third told "slow down", the fourth and fifth refused with nothing said

    def send_five():
        for n in range(5):
            say(page, "/status")
            wait(page, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.me")) == n + 1)
        wait(page, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.me .unanswered")) == 2)
        return [b.find_elements(By.CSS_SELECTOR, ".unanswered") != [] for b in page.find_elements(By.CSS_SELECTOR, ".msg.me")]

    assert await asyncio.to_thread(send_five) == [False, False, False, True, True]
    note = page.find_elements(By.CSS_SELECTOR, ".msg.me .unanswered")[0]
    assert note.text == t("en", "web_unanswered")

    def reloaded():
        page.refresh()
        wait(page, connected)
        return [b.find_elements(By.CSS_SELECTOR, ".unanswered") != [] for b in page.find_elements(By.CSS_SELECTOR, ".msg.me")]

    assert await asyncio.to_thread(reloaded) == [False, False, False, True, True]
