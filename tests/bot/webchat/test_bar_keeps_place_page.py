"""A reply taller than the screen (/help on a phone) is shown from its top (5b4e918); a user who
then scrolled down to read it to its end and attached a photo was thrown back to its top: the bar
opening made the list shorter, and the page put the newest message's top in view again. The end
the user was reading stays in view now. Headless Chromium at 390×844."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_bar_keeps_newest_page import _settled
from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

# how far the list is from its end (0: the end of the last reply in view)
FROM_END = "const m = document.getElementById('messages'); return m.scrollHeight - m.scrollTop - m.clientHeight;"


def _read_to_its_end_then_attached(driver, tmp_path) -> dict:
    say(driver, "/help")
    wait(driver, lambda d: "/mydata" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    _settled(driver)
    shown_from = driver.execute_script(FROM_END)            # its top in view, its end below
    driver.execute_script("const m = document.getElementById('messages'); m.scrollTop = m.scrollHeight")
    _settled(driver)
    photo = tmp_path / "holiday.jpg"
    photo.write_bytes(make_photo(160, 120))
    driver.find_element(By.ID, "file").send_keys(str(photo))
    wait(driver, lambda d: d.find_element(By.ID, "attname").text)
    _settled(driver)
    return {"shown_from": shown_from, "after": driver.execute_script(FROM_END)}


async def test_the_end_of_a_long_reply_being_read_stays_in_view_when_a_bar_opens(page, tmp_path):
    seen = await asyncio.to_thread(_read_to_its_end_then_attached, page, tmp_path)
    assert seen["shown_from"] > 40, seen             # (/help is taller than the screen: the case)
    assert seen["after"] < 2, seen


def _shown_from_its_top_then_attached(driver, tmp_path) -> dict:
    say(driver, "/help")
    wait(driver, lambda d: "/mydata" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    _settled(driver)
    top = "return document.querySelectorAll('.msg.bot')[document.querySelectorAll('.msg.bot').length - 1]" \
          ".getBoundingClientRect().top - document.getElementById('messages').getBoundingClientRect().top"
    before = driver.execute_script(top)
    photo = tmp_path / "holiday.jpg"
    photo.write_bytes(make_photo(160, 120))
    driver.find_element(By.ID, "file").send_keys(str(photo))
    wait(driver, lambda d: d.find_element(By.ID, "attname").text)
    _settled(driver)
    return {"before": before, "after": driver.execute_script(top)}


async def test_a_long_reply_shown_from_its_top_stays_so_when_a_bar_opens(page, tmp_path):
    seen = await asyncio.to_thread(_shown_from_its_top_then_attached, page, tmp_path)
    assert 0 <= seen["before"] < 20 and seen["after"] == seen["before"], seen
