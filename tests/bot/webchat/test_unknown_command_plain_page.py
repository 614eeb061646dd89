"""A typo'd command ("/stlye gogh") was refused with the typo as a link, which sent it again: it
is plain words now, in English and Korean, after a reload too; the command the refusal suggests
is still a link. Headless Chromium (test_unknown_command_plain for the server's side)."""
from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

LINKS = """return [...[...document.querySelectorAll(".msg.bot .text")].pop().querySelectorAll("button.command")]
           .map((a) => a.textContent);"""


def _refused(driver, lang: str) -> tuple[str, list[str], list[str]]:
    if lang == "ko":
        say(driver, "/lang ko")
        wait(driver, lambda d: d.find_element(By.ID, "send").text == "보내기")
    say(driver, "/stlye gogh")
    wait(driver, lambda d: "stlye" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    reply, links = driver.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text, driver.execute_script(LINKS)
    driver.execute_script("return new Promise((done) => setTimeout(done, 400))")     # (saved for the reload)
    driver.refresh()
    wait(driver, lambda d: d.execute_script("return document.body.dataset.connected") == "1"
         and "stlye" in d.find_element(By.ID, "messages").text)
    return reply, links, driver.execute_script(LINKS)


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_unknown_command_is_no_link_and_the_suggestion_is(page, lang):
    reply, links, reloaded = await asyncio.to_thread(_refused, page, lang)
    assert "/stlye" in reply, reply                      # said as before
    assert "/stlye" not in links and "/style" in links, (reply, links)
    assert reloaded == links, reloaded
