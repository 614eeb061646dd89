"""/forgetme reached the user's connected pages only: a tab away at the time (reloading, discarded
by the browser, reopened later) restored the whole conversation from its saved copy, after the
user had been told everything was deleted. Now a conversation saved before the user's /forgetme
is not restored. Headless Chromium."""
from __future__ import annotations

import asyncio
import time

from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import connected, page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


def _forgotten_while_away(driver, url) -> dict:
    away = driver.current_window_handle
    say(driver, "zebra crossing")
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.bot")) >= 2)
    time.sleep(1)                               # saved for this tab
    driver.get("about:blank")                   # away: reloading, discarded
    driver.switch_to.new_window("tab")
    driver.get(url)
    wait(driver, connected)
    say(driver, "/forgetme yes")
    wait(driver, lambda d: "deleted" in d.find_element(By.ID, "messages").text.lower())
    driver.switch_to.window(away)
    driver.get(url)                             # back
    wait(driver, connected)
    time.sleep(1)
    return {"text": driver.find_element(By.ID, "messages").text}


async def test_a_tab_away_during_forgetme_does_not_restore_the_conversation(page, server):
    seen = await asyncio.to_thread(_forgotten_while_away, page, server.url)
    assert "zebra crossing" not in seen["text"], seen
