"""The user's own photo is picked to reply to by a tap or a click (it has no Reply link); the
keyboard had no way to it. It is reached with Tab now, Enter or Space does what the tap does, and
it shows a focus ring. Keys only, after the photo is sent. Headless Chromium."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

FOCUSED_PHOTO = """
const el = document.activeElement;
return el && el.matches(".msg.me img") ? {outline: getComputedStyle(el).outlineStyle,
  width: parseFloat(getComputedStyle(el).outlineWidth), selected: el.classList.contains("selected")} : null;
"""


def _back_to_photo(driver):
    for _ in range(30):                      # back from the message box, a key at a time, to the photo
        ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        reached = driver.execute_script(FOCUSED_PHOTO)
        if reached:
            return reached
    return None


def _by_keys(driver, tmp_path) -> dict:
    photo = tmp_path / "holiday.jpg"
    photo.write_bytes(make_photo(160, 120))
    say(driver, "/style monet", photo)
    wait(driver, lambda d: paintings(d))
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".msg.me img")[-1].get_attribute("data-id"))
    seen = {"reached": _back_to_photo(driver)}
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    # (picked, the keyboard goes on to the message box: test_own_photo_enter_to_box_page; back to the photo)
    picked = driver.execute_script('return document.querySelector(".msg.me img").classList.contains("selected")')
    seen["enter"] = {"replying": driver.find_element(By.ID, "replying").text, "selected": picked}
    seen["back"] = _back_to_photo(driver)
    ActionChains(driver).send_keys(Keys.SPACE).perform()
    seen["space"] = {"replying": driver.find_element(By.ID, "replying").text, **(driver.execute_script(FOCUSED_PHOTO) or {})}
    return seen


async def test_the_users_own_photo_is_picked_to_reply_to_with_the_keyboard(page, tmp_path):
    seen = await asyncio.to_thread(_by_keys, page, tmp_path)
    assert seen["reached"] and seen["reached"]["outline"] != "none" and seen["reached"]["width"] >= 2, seen
    assert seen["enter"]["replying"] and seen["enter"].get("selected"), seen          # as a tap picks it
    assert seen["back"], seen                                                      # Tab reached it again
    assert not seen["space"]["replying"] and not seen["space"]["selected"], seen  # and again lets it go
