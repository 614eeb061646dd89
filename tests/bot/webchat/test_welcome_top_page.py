"""A first-time visitor landed in the middle of the long welcome: the page opened scrolled to its
end, and "Hello! I turn your photos into paintings" and "Attach a photo with 📷" were off the top of
a phone's screen. The newest message is shown whole where it fits, else from its top; later
messages still bring the list down to them. Headless Chromium at 390×844 (the page fixture: a fresh
profile, its first visit)."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

# the newest bubble against the list's visible box
PLACE = """
const m = document.getElementById("messages"), list = m.getBoundingClientRect();
const last = [...m.querySelectorAll(".msg")].pop(), r = last.getBoundingClientRect();
return {top: r.top - list.top, bottom: list.bottom - r.bottom, taller: r.height > list.height, text: last.textContent.slice(0, 60),
        gap: m.scrollHeight - m.scrollTop - m.clientHeight};
"""


def _settled(driver) -> dict:
    driver.execute_script("return new Promise((done) => setTimeout(done, 300))")
    return driver.execute_script(PLACE)


async def test_the_first_visits_welcome_opens_at_its_top(page):
    seen = await asyncio.to_thread(_settled, page)
    assert "I turn your photos into paintings" in seen["text"], seen
    assert seen["taller"], seen                     # (a phone's screen: it does not fit)
    assert 0 <= seen["top"] <= 16, seen             # its first line in view, not scrolled past


def _then_a_short_reply(driver) -> dict:
    say(driver, "/size small")
    wait(driver, lambda d: "384" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    return _settled(driver)


async def test_a_later_reply_still_brings_the_list_down_to_it(page):
    seen = await asyncio.to_thread(_then_a_short_reply, page)
    assert "384" in seen["text"] and seen["bottom"] >= 0 and seen["gap"] < 2, seen


def _then_help(driver) -> dict:
    say(driver, "/help")
    wait(driver, lambda d: "/mydata" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    return _settled(driver)


async def test_a_long_reply_is_shown_from_its_top(page):
    seen = await asyncio.to_thread(_then_help, page)
    assert seen["taller"] and 0 <= seen["top"] <= 16, seen
