"""In headless Chromium: after /forgetme a new tab, and the user's tab that was away (reloading)
at the time, were blank: the bot knows the user no more, and the browser, past its first visit,
asks for no welcome. Both now show the first visit's welcome. And the tab that sent /forgetme
keeps its "deleted" reply while another tab is open (that tab's word of the /forgetme, through the
browser's storage, cleared it again)."""
from __future__ import annotations

import asyncio
import time

from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import connected, page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

WELCOME = "I turn your photos into paintings"


def _text(driver) -> str:
    return driver.find_element(By.ID, "messages").text


def _shown(driver) -> str:
    wait(driver, connected)
    try:
        wait(driver, lambda d: WELCOME in _text(d), timeout=10)
    except Exception:
        pass                                    # (said by the assertion, with what is shown)
    return _text(driver)


def _after_forgetme(driver, url) -> dict:
    away = driver.current_window_handle
    driver.get("about:blank")                   # away: reloading, discarded
    driver.switch_to.new_window("tab")
    open_tab = driver.current_window_handle
    driver.get(url)
    wait(driver, connected)
    driver.switch_to.new_window("tab")          # the tab that sends it, beside an open one
    driver.get(url)
    wait(driver, connected)
    say(driver, "/forgetme yes")
    try:
        wait(driver, lambda d: "deleted" in _text(d).lower(), timeout=10)
    except Exception:
        pass
    time.sleep(1)                               # (the other tab's word of it, through the storage)
    seen = {"forgetting tab": _text(driver)}
    driver.switch_to.new_window("tab")          # a tab opened after it
    driver.get(url)
    seen["new tab"] = _shown(driver)
    driver.switch_to.window(open_tab)
    seen["open tab"] = _text(driver)
    driver.switch_to.window(away)               # back
    driver.get(url)
    seen["back"] = _shown(driver)
    return seen


async def test_tabs_after_forgetme_show_the_first_visits_welcome(page, server):
    seen = await asyncio.to_thread(_after_forgetme, page, server.url)
    assert "deleted" in seen["forgetting tab"].lower(), seen
    assert "deleted" in seen["open tab"].lower(), seen
    assert WELCOME in seen["new tab"], seen
    assert WELCOME in seen["back"], seen
    assert "Welcome back" not in seen["new tab"] + seen["back"], seen
