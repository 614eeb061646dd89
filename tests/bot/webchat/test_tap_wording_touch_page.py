"""On a phone the web chat said "Click one" under a photo sent bare, where buttons are tapped: under
a finger (pointer: coarse, as the page's "tap Send" hint knows it) it says "Tap one" now, and
"Click one" with a mouse (test_tap_wording_touch: the server sends both). Headless Chromium."""
from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.by import By

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


def _asked(driver, tmp_path, finger: bool) -> str:
    if finger:
        driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "pointer", "value": "coarse"}]})
    photo = tmp_path / "holiday.jpg"
    photo.write_bytes(make_photo(160, 120))
    say(driver, "", photo)
    wait(driver, lambda d: "Which artist" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    return driver.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text


@pytest.mark.parametrize(("finger", "word"), [(True, "Tap one"), (False, "Click one")])
async def test_a_bare_photo_asks_for_a_tap_under_a_finger_and_a_click_with_a_mouse(page, tmp_path, finger, word):
    said = await asyncio.to_thread(_asked, page, tmp_path, finger)
    assert word in said, said
