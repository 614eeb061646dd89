"""The list of messages (a live log) had no name: a screen reader called it "log". It is the
conversation now, in the page's language. Headless Chromium."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


def _names(driver) -> list[str]:
    names = [driver.find_element(By.ID, "messages").accessible_name]
    say(driver, "/lang ko")
    wait(driver, lambda d: d.find_element(By.ID, "send").text == "보내기")
    return names + [driver.find_element(By.ID, "messages").accessible_name]


async def test_the_conversation_has_a_name_in_each_language(page):
    assert await asyncio.to_thread(_names, page) == ["Conversation", "대화"]
    assert page.find_element(By.ID, "messages").get_attribute("role") == "log"
