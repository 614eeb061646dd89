"""In headless Chromium, QA finding 1 on the page: a photo sent with /style monet, the page left (its
tab went elsewhere) while it was painted, the bot restarted, the page opened again. Its line went
on saying "waiting in line…" (only settled: the spinner stopped) and the painting never came. Now
the line shows its outcome and the painting comes below it. (The server's side:
test_kept_through_restart.)"""
from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.by import By

from tests.bot.conftest import FakeQueue, make_photo
from tests.bot.webchat.test_line_in_place_page import bubbles
from tests.bot.webchat.test_webchat_page import connected, page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


@pytest.fixture
def fake_queue():
    return FakeQueue(delay=60.0)       # painted once the page was left (finish_now)


def _sent_then_left(driver, tmp_path) -> None:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo(160, 120))
    say(driver, "/style monet", photo)
    wait(driver, lambda d: any("Claude Monet" in e.text for e in d.find_elements(By.CSS_SELECTOR, ".msg.bot.progress")))
    driver.execute_script("return new Promise((done) => setTimeout(done, 300))")      # (saved)
    # the page closed while it is painted (an unload listener keeps it out of the back-forward
    # cache, where its socket stayed open)
    driver.execute_script("window.addEventListener('unload', () => {})")
    driver.get("about:blank")


def _opened_again(driver, url) -> dict:
    driver.get(url)
    wait(driver, connected)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".msg.bot img.painting"), timeout=10)
    driver.execute_script("return new Promise((done) => setTimeout(done, 500))")
    return {"shown": bubbles(driver),
            "busy": driver.execute_script("return document.querySelectorAll('#messages [aria-busy]').length")}


async def test_a_painting_finished_while_the_page_was_closed_is_shown_after_a_restart(page, server, tmp_path,
                                                                                   fake_queue, store):
    await asyncio.to_thread(_sent_then_left, page, tmp_path)
    fake_queue.finish_now()                      # painted, no page open
    async with asyncio.timeout(15):
        while not store._read.execute("select 1 from web_results where kind = 'reply'").fetchall():
            await asyncio.sleep(0.05)           # (the painting kept for the page's next visit)
    await server.stop()                          # the restart
    await server.start()                         # (same port)
    seen = await asyncio.to_thread(_opened_again, page, server.url)
    shown = seen["shown"]
    asked = shown.index("me: /style monet")
    assert shown[asked + 1].startswith("bot: ✅") and "Claude Monet" in shown[asked + 1], seen    # its line, done
    assert shown[asked + 2].startswith("bot: [painting]"), seen
    assert seen["busy"] == 0, seen
