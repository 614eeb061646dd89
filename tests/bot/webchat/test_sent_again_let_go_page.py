"""In headless Chromium: a message the page keeps to send again should a stop cut its answer off
(index.html's answers: 5 minutes) is let go once its time is up, not when the next message is
sent. A tab left open held its last 10 pictures (up to 20 MB each, as their message's text) for as
long as it stayed open. The page's long timers are run at once here (its 5 minutes gone by); a
stop after that has the page show "send it again" under the message, with nothing left to send."""
from __future__ import annotations

import asyncio

import pytest

from bot.messages import t

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_cut_off_at_stop_page import _bubble, _queued, _under_way
from tests.bot.webchat.test_webchat_page import connected, page, pytestmark, server, wait

__all__ = ["page", "pytestmark", "server"]

# the page's timers of a minute or more kept, to be run when the test says the time has come
LONG_TIMERS = """
  const realSetTimeout = window.setTimeout.bind(window);
  window.__long = [];
  window.setTimeout = (fn, ms, ...args) => {
    if (ms >= 60000) { window.__long.push(() => fn(...args)); return 0; }
    return realSetTimeout(fn, ms, ...args);
  };
"""


@pytest.fixture
def fake_queue():
    return FakeQueue(delay=60.0)         # never done before the stop: the stop cuts its answer off


def _with_long_timers_held(driver, tmp_path) -> None:
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LONG_TIMERS})
    driver.refresh()
    wait(driver, connected)
    _under_way(driver, tmp_path)
    driver.execute_script("window.__long.splice(0).forEach((run) => run())")     # its time is up


async def test_a_message_kept_to_be_sent_again_is_let_go_once_its_time_is_up(page, server, tmp_path):
    await asyncio.to_thread(_with_long_timers_held, page, tmp_path)
    await server.stop()
    await asyncio.to_thread(wait, page, lambda d: not connected(d))
    await asyncio.to_thread(wait, page, lambda d: t("en", "busy_restarting") in _bubble(d))
    assert await asyncio.to_thread(_queued, page) == 0
