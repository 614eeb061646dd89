"""More files picked together than one message takes (40 paintings for /addstyle): the first ten
went, the rest dropped without a word. The bar says so now, in the server's words and the user's
language, read out too, and again under the message sent; the message has the first ten. Headless
Chromium."""
from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from bot.webchat import MAX_PICTURES

from tests.bot.webchat.test_multi_pick import png
from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

PICKED = MAX_PICTURES + 2


def _pick(driver, tmp_path, lang: str) -> dict:
    if lang == "ko":
        say(driver, "/lang ko")
        wait(driver, lambda d: d.find_element(By.ID, "send").text == "보내기")
    paths = []
    for i in range(PICKED):
        (tmp_path / f"p{i:02}.png").write_bytes(png(40 + i, 30))
        paths.append(str(tmp_path / f"p{i:02}.png"))
    driver.find_element(By.ID, "file").send_keys("\n".join(paths))
    wait(driver, lambda d: str(PICKED) in d.find_element(By.ID, "attname").text)
    seen = {"bar": driver.find_element(By.ID, "attname").text,
            "read": driver.find_element(By.ID, "attached").get_attribute("textContent")}
    bubbles = len(driver.find_elements(By.CSS_SELECTOR, ".msg.me"))
    box = driver.find_element(By.ID, "text")
    box.send_keys("hello")
    box.send_keys(Keys.ENTER)
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.me")) > bubbles)
    seen["pictures"] = len(driver.find_elements(By.CSS_SELECTOR, ".msg.me")[-1].find_elements(By.TAG_NAME, "img"))
    seen["said"] = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".msg.bot") if str(PICKED) in e.text]
    return seen


@pytest.mark.parametrize("lang, words", [
    ("en", f"You picked {PICKED} files; a style takes at most {MAX_PICTURES} paintings, so I used the first {MAX_PICTURES}."),
    ("ko", f"파일을 {PICKED}개 고르셨어요. 화풍 하나에는 그림을 {MAX_PICTURES}개까지 쓸 수 있어서 처음 {MAX_PICTURES}개만 넣었어요.")])
async def test_more_files_than_a_message_takes_are_said_left_out(page, tmp_path, lang, words):
    seen = await asyncio.to_thread(_pick, page, tmp_path, lang)
    assert seen["bar"].startswith(f"p00.png +{MAX_PICTURES - 1}") and words in seen["bar"], seen
    assert words in seen["read"], seen                       # a screen reader is told too
    assert seen["pictures"] == MAX_PICTURES, seen
    assert any(words in s for s in seen["said"]), seen       # and again under the message sent
