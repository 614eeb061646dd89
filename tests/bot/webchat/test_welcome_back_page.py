"""In headless Chromium: a returning user (the page keeps their id) who opens the chat after a
restart of the bot, in a new tab, saw a blank page; they are welcomed back now."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import connected, page, pytestmark, server, wait

__all__ = ["page", "pytestmark", "server"]


def _closed(driver) -> str:
    """The chat's tab closed, and a blank one (the same browser profile: the user's id) left."""
    url, chat = driver.current_url, driver.current_window_handle
    driver.switch_to.new_window("tab")
    blank = driver.current_window_handle
    driver.switch_to.window(chat)
    driver.close()
    driver.switch_to.window(blank)
    return url


def _reopened(driver, url) -> str:
    driver.get(url)
    wait(driver, connected)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".msg.bot"), timeout=10)
    return driver.find_element(By.ID, "messages").text


async def test_a_returning_user_is_welcomed_back_after_a_restart(page, server):
    url = await asyncio.to_thread(_closed, page)       # the user closes the chat
    await server.stop()                                # the bot restarts
    await server.start()
    shown = await asyncio.to_thread(_reopened, page, url)
    assert shown.startswith("Welcome back!") and "/help" in shown, shown
    assert "I turn your photos into paintings" not in shown, shown     # not the whole welcome again
