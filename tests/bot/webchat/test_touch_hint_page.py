"""In headless Chromium: the header's hint under a finger (a phone) said "Add a photo with 📷 (or
drop it here), … press Enter" ("여기에 끌어다 놓고 … Enter 를 누르세요"): a phone has nothing to drop
a photo from, and its keyboard's key is no "Enter"; the page's button is Send (보내기). Under a
finger the hint says to tap Send now, in either language; with a mouse it is as it was."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


def _hints(driver) -> dict[str, str]:
    hint = lambda: driver.find_element(By.ID, "hint").get_attribute("textContent")     # (cut or not)
    seen = {"mouse": hint()}
    # a finger (Chromium's touch emulation: its pointer is coarse, the page told so as it changes)
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
    wait(driver, lambda d: hint() != seen["mouse"], 5)
    seen["finger"] = hint()
    say(driver, "/lang ko")
    wait(driver, lambda d: driver.execute_script("return document.documentElement.lang") == "ko")
    seen["finger_ko"] = hint()
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": False})
    wait(driver, lambda d: hint() != seen["finger_ko"], 5)
    seen["mouse_ko"] = hint()
    return seen


async def test_under_a_finger_the_hint_says_to_tap_send_not_to_drop_or_press_enter(page):
    seen = await asyncio.to_thread(_hints, page)
    assert "drop it here" in seen["mouse"] and "Enter" in seen["mouse"], seen      # a mouse: as before
    assert "drop" not in seen["finger"] and "Enter" not in seen["finger"] and "tap Send" in seen["finger"], seen
    assert "끌어다" not in seen["finger_ko"] and "Enter" not in seen["finger_ko"], seen
    assert "보내기를 누르세요" in seen["finger_ko"], seen
    assert "끌어다 놓고" in seen["mouse_ko"], seen
