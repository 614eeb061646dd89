"""The web chat page says, while its connection is lost, that what the user sends "goes out once
it is back"; a reload meanwhile (the page did not load, so the user reloaded again once the bot was
back) lost those messages: they were never sent, and with the conversation kept over a reload their
bubbles came back as if they had been. They are now sent once the page is connected again."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import connected, page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


async def test_a_message_sent_offline_goes_out_after_a_reload(server, page):
    await server.stop()
    await asyncio.to_thread(wait, page, lambda d: not connected(d))
    await asyncio.to_thread(say, page, "/settings")
    await asyncio.to_thread(wait, page, lambda d: d.find_elements(By.CSS_SELECTOR, ".msg.me.queued"))
    await asyncio.to_thread(page.refresh)          # the bot is down: the browser's error page
    await server.start()
    await asyncio.to_thread(page.refresh)
    await asyncio.to_thread(wait, page, connected)
    await asyncio.to_thread(wait, page, lambda d: "Your settings" in d.find_element(By.ID, "messages").text, 15)
    bubbles = [e.text for e in page.find_elements(By.CSS_SELECTOR, ".msg.me")]
    assert bubbles == ["/settings"]
    assert not page.find_elements(By.CSS_SELECTOR, ".msg.me.queued")
