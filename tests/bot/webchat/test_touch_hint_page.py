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


def _laptop_with_a_touch_screen(url: str, tmp_path) -> dict:
    """A browser whose main pointer is a mouse, with a touch screen too (Blink's own settings:
    pointer fine, any-pointer coarse): what its header's hint says."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    from tests.bot.webchat.test_webchat import CHROMEDRIVER, CHROMIUM
    from tests.bot.webchat.test_webchat_page import connected

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--lang=en-US", f"--user-data-dir={tmp_path / 'chromium-profile'}",
                 # (PointerType: coarse 2, fine 4; HoverType: hover 2)
                 "--blink-settings=primaryPointerType=4,availablePointerTypes=6,primaryHoverType=2,availableHoverTypes=2"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(options=opts, service=Service(CHROMEDRIVER))
    try:
        driver.get(url)
        wait(driver, connected)
        return {"hint": driver.find_element(By.ID, "hint").get_attribute("textContent"),
                "touch too": driver.execute_script("return matchMedia('(any-pointer: coarse)').matches"),
                "finger first": driver.execute_script("return matchMedia('(pointer: coarse)').matches")}
    finally:
        driver.quit()


async def test_a_laptop_with_a_touch_screen_and_a_mouse_keeps_the_mouse_wording(server, tmp_path):
    # it can drop a photo on the page and press Enter: the hint goes by the main pointer, not by
    # any pointer there is (any-pointer: coarse would say "tap Send" to it)
    seen = await asyncio.to_thread(_laptop_with_a_touch_screen, server.url, tmp_path)
    assert seen["touch too"] and not seen["finger first"], seen       # (the browser stands for one)
    assert "drop it here" in seen["hint"] and "press Enter" in seen["hint"], seen
