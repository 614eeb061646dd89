"""The page keeps some words on one line ("1745–c. 1806", "J. C. Leyendecker", "about 1.0 s",
"↩ Reply", "type /style gogh,"): with spans the browser does not break inside, never with no-break
or joining characters in the words. Copied from the page they are the bot's words as sent: a
command copied and sent back (the bot reads a command's name up to a plain space) is the command,
and the header's hint had a no-break space in "↩ Reply" (beef156). Chromium's selection of the hint
and of each bubble has none, English and Korean, and the hint's /style example, copied and sent,
is answered as /style. Headless Chromium."""
from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from bot.messages import t
from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

# the text a copy of the hint and of each bot bubble takes, where it holds a character that is no
# plain space (no-break, narrow no-break, word joiner, zero-width space or no-break)
COPIED = """
const sel = getSelection(), odd = [], roots = [document.getElementById("hint"), ...document.querySelectorAll(".msg.bot .text")];
for (const root of roots) {
  const r = document.createRange(); r.selectNodeContents(root); sel.removeAllRanges(); sel.addRange(r);
  const copied = sel.toString();
  if (/[\\u00a0\\u202f\\u2060\\u200b\\ufeff]/.test(copied)) odd.push(copied.replace(/[\\u00a0\\u202f\\u2060\\u200b\\ufeff]/g, (c) => "<U+" + c.charCodeAt(0).toString(16) + ">"));
}
sel.removeAllRanges();
return {odd, kept: document.querySelectorAll(".msg.bot .text .nowrap, #hint .nowrap").length};
"""
# the hint's example command as a copy of it takes it
EXAMPLE = """
const sel = getSelection(), r = document.createRange();
r.selectNodeContents([...document.querySelectorAll("#hint code")].pop()); sel.removeAllRanges(); sel.addRange(r);
const copied = sel.toString(); sel.removeAllRanges(); return copied;
"""


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_words_kept_on_one_line_copy_as_sent(page, lang):
    def run(driver):
        if lang == "ko":
            say(driver, "/lang ko")
            wait(driver, lambda d: d.find_element(By.ID, "send").text == "보내기")
        say(driver, "/styles")
        wait(driver, lambda d: "/leyendecker" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
        say(driver, "/status")
        wait(driver, lambda d: "/leyendecker" not in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
        seen = driver.execute_script(COPIED)
        example = driver.execute_script(EXAMPLE)
        before = len(driver.find_elements(By.CSS_SELECTOR, ".msg.bot"))
        box = driver.find_element(By.ID, "text")
        box.send_keys(example)
        box.send_keys(Keys.ENTER)
        wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.bot")) > before)
        return {**seen, "example": example, "answer": driver.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text}

    seen = await asyncio.to_thread(run, page)
    assert seen["kept"] >= 5, seen                          # the spans are there (circa, initials, ↩, ...)
    assert seen["odd"] == [], seen
    assert seen["example"] == "/style gogh", seen
    assert seen["answer"] == t(lang, "web_no_photo"), seen     # /style's "send a photo first", not "unknown command"
