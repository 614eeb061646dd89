"""A message typed and not sent yet (a draft) was lost when the page was loaded again: the user
reloading it while the server was down ("Connection lost: reconnecting…"), or a phone's browser
reopening a tab it had put away, showed an empty box. The conversation came back (sessionStorage),
the words being typed did not. Now the tab keeps its draft too; a message sent leaves none."""
from __future__ import annotations

import asyncio

from tests.bot.webchat import test_webchat_page
from tests.bot.webchat.test_webchat_page import connected, say, wait

page, server = test_webchat_page.page, test_webchat_page.server       # (the fixtures)
pytestmark = test_webchat_page.pytestmark       # slow, and skipped without Chromium, as the page's tests


def _typed_then_reloaded(driver, words: str, send: bool) -> str:
    from selenium.webdriver.common.by import By
    box = driver.find_element(By.ID, "text")
    if send:
        say(driver, words)
        wait(driver, lambda d: words in d.find_elements(By.CSS_SELECTOR, ".msg.me")[-1].text)
    else:
        box.send_keys(words)
    driver.refresh()
    wait(driver, connected)
    return driver.find_element(By.ID, "text").get_attribute("value")


async def test_a_draft_is_still_there_after_a_reload(page):
    assert await asyncio.to_thread(_typed_then_reloaded, page, "/style 고흐 강하게", False) == "/style 고흐 강하게"


async def test_a_message_sent_leaves_no_draft(page):
    assert await asyncio.to_thread(_typed_then_reloaded, page, "/status", True) == ""
