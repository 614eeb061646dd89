"""When the attachment bar ("notes.jpg ✕") or the reply bar ("↩ replying to a picture ✕") opened,
the message list was made shorter and not scrolled: the last reply, and a painting's buttons, were
left behind the bar. A user at the bottom of the conversation still sees the newest message whole
once a bar opens. Headless Chromium at 390×844."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

# how far the newest bubble's bottom is above the list's visible bottom (under 0: hidden behind the bar)
ROOM = """
const m = document.getElementById("messages"), last = [...m.querySelectorAll(".msg")].pop();
return {room: m.getBoundingClientRect().bottom - last.getBoundingClientRect().bottom,
        bar: document.getElementById("attachment").getBoundingClientRect().height};
"""


def _settled(driver) -> dict:
    driver.execute_script("return new Promise((done) => setTimeout(done, 400))")
    return driver.execute_script(ROOM)


def _attached(driver, tmp_path) -> dict:
    say(driver, "/size small")
    wait(driver, lambda d: "384" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    before = _settled(driver)
    photo = tmp_path / "holiday.jpg"
    photo.write_bytes(make_photo(160, 120))
    driver.find_element(By.ID, "file").send_keys(str(photo))
    wait(driver, lambda d: d.find_element(By.ID, "attname").text)
    return {"before": before, "after": _settled(driver)}


async def test_the_attachment_bar_leaves_the_last_reply_in_view(page, tmp_path):
    seen = await asyncio.to_thread(_attached, page, tmp_path)
    assert seen["before"]["room"] >= 0, seen
    assert seen["after"]["bar"] > 40 and seen["after"]["room"] >= 0, seen     # (the bar with its thumbnail)


def _replying(driver, tmp_path) -> dict:
    photo = tmp_path / "holiday.jpg"
    photo.write_bytes(make_photo(160, 120))
    say(driver, "/style monet", photo)
    wait(driver, lambda d: paintings(d) and d.execute_script("return arguments[0].complete", paintings(d)[-1]))
    before = _settled(driver)
    driver.find_elements(By.CSS_SELECTOR, ".msg.bot .tools button.reply")[-1].click()
    wait(driver, lambda d: d.find_element(By.ID, "replying").text)
    return {"before": before, "after": _settled(driver)}


async def test_the_reply_bar_leaves_the_paintings_buttons_in_view(page, tmp_path):
    seen = await asyncio.to_thread(_replying, page, tmp_path)
    assert seen["before"]["room"] >= 0, seen
    assert seen["after"]["bar"] > 0 and seen["after"]["room"] >= 0, seen


def _scrolled_up(driver, tmp_path) -> dict:
    say(driver, "/help")
    wait(driver, lambda d: "/mydata" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    driver.execute_script("document.getElementById('messages').scrollTop = 0")
    _settled(driver)
    photo = tmp_path / "holiday.jpg"
    photo.write_bytes(make_photo(160, 120))
    driver.find_element(By.ID, "file").send_keys(str(photo))
    wait(driver, lambda d: d.find_element(By.ID, "attname").text)
    _settled(driver)
    return driver.execute_script("return document.getElementById('messages').scrollTop")


async def test_a_user_reading_further_up_is_left_there(page, tmp_path):
    assert await asyncio.to_thread(_scrolled_up, page, tmp_path) == 0
