"""A newcomer who reloads the tab right after the first visit's welcome (not kept in the tab's
saved conversation: it is shown once) had a page that showed nothing, and the bot, which knows them
since their /start, said "Welcome back! Your settings, your history and your last photo are
kept" to someone who had sent nothing (cbaf436). A tab that was shown the welcome is no blank
new tab: it is not welcomed back. A returning user's new tab still is
(test_welcome_back_page). Headless Chromium."""
from __future__ import annotations

import asyncio
import time

from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import connected, page, pytestmark, server, wait

__all__ = ["page", "pytestmark", "server"]


def _reloaded(driver) -> str:
    driver.refresh()                                    # F5, right after the welcome
    wait(driver, connected)
    time.sleep(1.5)                                     # what the server says to a blank page, said by now
    return driver.find_element(By.ID, "messages").text


async def test_a_newcomer_reloading_after_the_welcome_is_not_welcomed_back(page):
    shown = await asyncio.to_thread(_reloaded, page)
    assert "Welcome back!" not in shown, shown
