"""On a phone, once the user has said something, the header's hint is a button (a tap shows it whole)
whose one line begins with a short example ("📷 + /style gogh + Enter.") before the whole hint. Its
accessible name was both: a screen reader read the /style example twice. The short line is for the
eyes alone now: the name says the whole hint, the example once, in English and Korean, cut or open,
under a mouse or a finger. Chromium's computed name (WebDriver's). Headless Chromium."""
from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.by import By

from tests.bot.webchat.test_hint_cut_page import _collapsed
from tests.bot.webchat.test_webchat_page import page, pytestmark, server

__all__ = ["page", "pytestmark", "server"]


@pytest.mark.parametrize("touch", [False, True])
@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_hint_button_names_its_style_example_once(page, lang, touch):
    def run(driver):
        if touch:
            driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
        _collapsed(driver, lang, 390)
        hint = driver.find_element(By.ID, "hint")
        seen = {"role": hint.aria_role, "cut": hint.accessible_name}
        hint.click()                                       # open: the whole hint
        seen["open"] = driver.find_element(By.ID, "hint").accessible_name
        seen["shown"] = driver.find_element(By.ID, "hint").text
        return seen

    seen = await asyncio.to_thread(run, page)
    assert seen["role"] == "button", seen
    for name in (seen["cut"], seen["open"]):
        assert name.count("/style gogh") == 1, seen        # twice while cut, on the old page
        assert ("보내기" if touch and lang == "ko" else "Send" if touch else "Enter") in name, seen
    said = {seen[k].replace("\n", " ").strip() for k in ("cut", "open", "shown")}
    assert len(said) == 1, seen                            # the words the open hint shows
