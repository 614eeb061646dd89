"""A command named in a reply ("I don't know the style “picasso”. /styles lists every artist.",
"Try /help") is a link on Telegram that sends it; in the web chat it was plain text, to be typed
again. It can be clicked now: the page sends it, as a button is. Headless Chromium."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


def _click_styles(driver) -> dict:
    say(driver, "/style picasso")
    wait(driver, lambda d: "picasso" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    reply = driver.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1]
    links = reply.find_elements(By.CSS_SELECTOR, ".text button.command")
    seen = {"links": [a.text for a in links], "reply": reply.text}
    if links:
        links[0].click()
        wait(driver, lambda d: "Artists (" in d.find_element(By.ID, "messages").text, 10)
    seen["bubbles"] = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".msg.me")]
    say(driver, "/help")
    wait(driver, lambda d: "/mydata" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    seen["help_links"] = [a.text for a in driver.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1]
                          .find_elements(By.CSS_SELECTOR, ".text button.command")]
    return seen


async def test_a_command_in_a_reply_can_be_clicked(page):
    seen = await asyncio.to_thread(_click_styles, page)
    assert seen["links"] == ["/styles"], seen
    assert "/styles lists every artist" in seen["reply"], seen         # the words read as before
    assert seen["bubbles"][-1] == "/styles", seen
    assert {"/mydata", "/settings", "/gogh"} <= set(seen["help_links"]), seen
    assert "/ARTIST" not in seen["help_links"], seen                   # a placeholder, not a command
