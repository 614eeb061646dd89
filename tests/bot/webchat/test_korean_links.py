"""A command named in a reply can be clicked (test_command_links) when it is Latin ("/styles",
"/help"); the Korean command words the bot answers to (bot/commands.py KOREAN_ALIASES: "/도움말",
"/화가목록"...), named in its Korean replies, were plain text. They are links too now; a word
that is no command ("/화가이름", a placeholder) is not. Headless Chromium."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from bot.messages import t

from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


def _korean_help(driver) -> dict:
    say(driver, "/도움말")
    wait(driver, lambda d: "/기록삭제" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    reply = driver.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1]
    links = {a.text: a for a in reply.find_elements(By.CSS_SELECTOR, ".text button.command")}
    seen = {"links": list(links), "reply": reply.text}
    if "/화가목록" in links:
        bots = len(driver.find_elements(By.CSS_SELECTOR, ".msg.bot"))
        links["/화가목록"].click()
        wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.bot")) > bots, 10)
        wait(driver, lambda d: "화가 " in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text, 10)
        seen["answer"] = driver.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text
    seen["bubbles"] = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".msg.me")]
    return seen


async def test_korean_command_words_in_a_reply_can_be_clicked(page):
    seen = await asyncio.to_thread(_korean_help, page)
    assert {"/도움말", "/스타일", "/고화질", "/화가목록", "/기본화가", "/강도", "/취소", "/기록삭제"} <= set(seen["links"]), seen
    assert "/화가이름" not in seen["links"] and "/화가" not in seen["links"], seen     # a placeholder
    assert {"/style", "/preview"} <= set(seen["links"]), seen                           # Latin ones as before
    assert seen["bubbles"][-1] == "/화가목록", seen
    assert seen["answer"].startswith(t("ko", "styles_header", count="")[:3]), seen
