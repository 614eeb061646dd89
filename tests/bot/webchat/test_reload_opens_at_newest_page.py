"""A reload mid-conversation opens on its newest message, as before 5b4e918 (which shows a newest
message taller than the screen from its top): the paintings above it load after the page has
scrolled, and the newest must not be pushed out of view by them. Headless Chromium at 390×844."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_bar_keeps_newest_page import ROOM, _settled
from tests.bot.webchat.test_webchat_page import connected, page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


def _reloaded(driver, tmp_path, last: str, answered: str = "") -> dict:
    photo = tmp_path / "holiday.jpg"
    photo.write_bytes(make_photo(320, 480))
    for n in (1, 2, 3):
        say(driver, "/style monet", photo)
        wait(driver, lambda d: len(paintings(d)) >= n)
    if last:
        say(driver, last)
        wait(driver, lambda d: answered in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    _settled(driver)
    driver.execute_script("return new Promise((done) => setTimeout(done, 600))")      # (saved)
    driver.refresh()
    wait(driver, connected)
    _settled(driver)
    driver.execute_script("return new Promise((done) => setTimeout(done, 1000))")
    return driver.execute_script(ROOM)


async def test_a_reload_after_a_painting_opens_on_that_painting(page, tmp_path):
    seen = await asyncio.to_thread(_reloaded, page, tmp_path, "")
    assert 0 <= seen["room"] < 40, seen


async def test_a_reload_after_a_short_reply_opens_on_it(page, tmp_path):
    seen = await asyncio.to_thread(_reloaded, page, tmp_path, "/status", "Queue:")
    assert 0 <= seen["room"] < 40, seen
