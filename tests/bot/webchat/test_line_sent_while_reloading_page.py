"""In headless Chromium: a page reloaded just as its photo went out (a slow upload, the reload
pressed while it was still going) showed, after the reload, a stale "🎨 Claude Monet: starting…"
line beside a separate "✅ done in …" one: the first line, sent as the page was away, came back
under a new id, and the job's edits went on under its own. One line now, updated in place. (The
reload races the bot's first line: the old code failed 2 runs of 3; the deterministic check is
test_line_sent_while_reloading.py.)"""
from __future__ import annotations

import asyncio

import pytest

from tests.bot.conftest import FakeQueue, make_photo
from tests.bot.webchat.test_line_in_place_page import bubbles
from tests.bot.webchat.test_webchat_page import connected, page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

# the page reloads as soon as its message with a photo in it has gone out
RELOAD_AFTER_PHOTO = """
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data) {
  const out = send.call(this, data);
  if (typeof data === "string" && data.includes('"image":"data:image/')) { sessionStorage.setItem("reloaded", "1"); location.reload(); }
  return out;
};"""


@pytest.fixture
def fake_queue():
    return FakeQueue(delay=2.0)


def _reloaded_as_sent(driver, tmp_path) -> dict:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo(160, 120))
    driver.execute_script(RELOAD_AFTER_PHOTO)
    say(driver, "/style monet", photo)
    wait(driver, lambda d: d.execute_script("return sessionStorage.getItem('reloaded')") == "1" and connected(d))
    wait(driver, lambda d: paintings(d), 20)
    driver.execute_script("return new Promise((done) => setTimeout(done, 1000))")
    return {"after": bubbles(driver)}


async def test_a_line_sent_as_its_page_reloaded_is_one_line_after_the_reload(page, tmp_path):
    seen = await asyncio.to_thread(_reloaded_as_sent, page, tmp_path)
    monet = [b for b in seen["after"] if "Claude Monet" in b and not b.startswith("bot: [painting]")]
    assert len(monet) == 1 and "done in" in monet[0], seen
    assert seen["after"][-1].startswith("bot: [painting]"), seen
