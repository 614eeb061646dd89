"""In headless Chromium: a newcomer who is shown the first visit's welcome and does nothing saw a
blank chat (the header's hint alone) after a reload, and in a second tab opened beside the first.
The welcome was not kept in the tab's saved conversation (it was shown "once"), and a second tab
beside an open one was sent nothing. A reload shows the welcome again now, once; a newcomer's
second tab shows the first visit's welcome."""
from __future__ import annotations

import asyncio
import time

from selenium.webdriver.common.by import By

from tests.bot.webchat.test_one_greeting_page import INTRO
from tests.bot.webchat.test_webchat_page import connected, page, pytestmark, server, wait

__all__ = ["page", "pytestmark", "server"]


def _seen(driver) -> dict:
    wait(driver, connected)
    time.sleep(1.5)                          # a greeting, or a second one, is here by now
    return {"shown": driver.find_element(By.ID, "messages").text,
            "bubbles": len(driver.find_elements(By.CSS_SELECTOR, ".msg.bot"))}


def _reloaded(driver) -> dict:
    driver.refresh()
    return _seen(driver)


def _second_tab(driver, url: str) -> dict:
    driver.switch_to.new_window("tab")       # the first tab stays open: its own sessionStorage
    driver.get(url)
    return _seen(driver)


async def test_a_reload_shows_the_first_visits_welcome_again_once(page):
    seen = await asyncio.to_thread(_reloaded, page)
    assert INTRO in seen["shown"] and seen["bubbles"] == 1, seen
    assert "Welcome back" not in seen["shown"], seen
    seen = await asyncio.to_thread(_reloaded, page)          # and again: it stays saved
    assert INTRO in seen["shown"] and seen["bubbles"] == 1, seen


async def test_a_newcomers_second_tab_shows_the_first_visits_welcome(page, server):
    seen = await asyncio.to_thread(_second_tab, page, server.url)
    assert INTRO in seen["shown"] and seen["bubbles"] == 1, seen
    assert "Welcome back" not in seen["shown"], seen
    seen = await asyncio.to_thread(_reloaded, page)          # that tab keeps it too
    assert INTRO in seen["shown"] and seen["bubbles"] == 1, seen
