"""In headless Chromium, a page left open while the bot restarted mid-painting: its progress line
stayed at "painting… 40%", marked busy (a screen reader held it back), for good. On reconnecting the
page named only the lines whose place a reload kept hidden, never those it shows under way, so the
new bot, which knows nothing of that line, never said it was settled."""
from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.by import By

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_cut_off_at_stop import JournaledQueue
from tests.bot.webchat.test_webchat_page import connected, page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

BUSY = "return [...document.querySelectorAll('#messages [aria-busy]')].map((e) => e.textContent)"


@pytest.fixture
def fake_queue():
    # never done within the test: the restart cuts it short, and a queue with a journal (note)
    # holds it over for after it (a job cut off otherwise is sent again by the page: test_cut_off_at_stop_page)
    return JournaledQueue(delay=30.0)


def _under_way(driver, tmp_path) -> list[str]:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo(160, 120))
    say(driver, "/style monet", photo)
    wait(driver, lambda d: any("%" in line for line in d.execute_script(BUSY)))       # "painting… 50%"
    return driver.execute_script(BUSY)


def _back(driver) -> dict:
    wait(driver, connected)
    driver.execute_script("return new Promise((done) => setTimeout(done, 1500))")
    seen = {"busy": driver.execute_script(BUSY),
            "line": driver.find_elements(By.CSS_SELECTOR, ".msg.bot.progress")[-1].text}
    driver.execute_script("return new Promise((done) => setTimeout(done, 500))")     # (saved)
    driver.refresh()                      # and so it is kept: shown as it stood, not hidden again
    wait(driver, connected)
    driver.execute_script("return new Promise((done) => setTimeout(done, 1000))")
    seen["reloaded"] = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".msg.bot.progress") if e.is_displayed()]
    seen["busy_reloaded"] = driver.execute_script(BUSY)
    return seen


async def test_a_line_shown_under_way_through_a_restart_is_settled_on_reconnecting(page, server, tmp_path):
    busy = await asyncio.to_thread(_under_way, page, tmp_path)
    assert len(busy) == 1 and "%" in busy[0], busy
    await server.stop()
    await asyncio.to_thread(wait, page, lambda d: not connected(d))
    await server.start()                    # (same port: the page reconnects, no reload)
    seen = await asyncio.to_thread(_back, page)
    assert seen["busy"] == [], seen                      # settled: read, not held back
    assert "%" in seen["line"], seen                     # as it stood, in its place
    assert any("%" in line for line in seen["reloaded"]) and seen["busy_reloaded"] == [], seen
