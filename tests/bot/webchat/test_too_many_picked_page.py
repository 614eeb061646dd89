"""More files picked together than one message takes (40 paintings for /addstyle): the first ten
went, the rest dropped without a word. The bar says so now, in the server's words and the user's
language, read out too, and again under the message sent; the message has the first ten.
"A style takes at most 10 paintings" is /addstyle's wording alone (its Korean name too): 12 picked
for /style 고흐 were told so, wrong for a painting; any other message, and the bar before a command
is typed, says that one message takes 10. Headless Chromium."""
from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from bot.messages import t
from bot.webchat import MAX_PICTURES

from tests.bot.webchat.test_multi_pick import png
from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

PICKED = MAX_PICTURES + 2


def style_words(lang: str) -> str:
    return t(lang, "web_too_many_pictures", picked=PICKED, most=MAX_PICTURES)


def any_words(lang: str) -> str:
    return t(lang, "web_too_many_pictures_any", picked=PICKED, most=MAX_PICTURES)


def _pick(driver, tmp_path, lang: str, typed: str) -> dict:
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
    box.send_keys(typed)
    seen["bar typed"] = driver.find_element(By.ID, "attname").text
    box.send_keys(Keys.ENTER)
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.me")) > bubbles)
    seen["pictures"] = len(driver.find_elements(By.CSS_SELECTOR, ".msg.me")[-1].find_elements(By.TAG_NAME, "img"))
    seen["said"] = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".msg.bot") if str(PICKED) in e.text]
    return seen


def test_the_neutral_words_are_the_servers():
    assert any_words("en") == (f"You picked {PICKED} files; one message takes at most {MAX_PICTURES} pictures, "
                               f"so I kept the first {MAX_PICTURES}.")
    assert any_words("ko") == (f"파일을 {PICKED}개 고르셨어요. 메시지 하나에는 그림을 {MAX_PICTURES}개까지 보낼 수 있어서 "
                               f"처음 {MAX_PICTURES}개만 넣었어요.")


@pytest.mark.parametrize("lang, typed, style", [
    ("en", "hello", False), ("ko", "hello", False),
    ("en", "/style 고흐", False), ("ko", "/style 고흐", False),
    ("en", "/addstyle Mine", True), ("ko", "/화풍추가 내화풍", True), ("ko", "/화풍 추가 내화풍", True)])
async def test_more_files_than_a_message_takes_are_said_left_out(page, tmp_path, lang, typed, style):
    seen = await asyncio.to_thread(_pick, page, tmp_path, lang, typed)
    words = style_words(lang) if style else any_words(lang)
    # picked before any command is typed: the page cannot tell yet, and says it neutrally
    assert seen["bar"].startswith(f"p00.png +{MAX_PICTURES - 1}") and any_words(lang) in seen["bar"], seen
    assert any_words(lang) in seen["read"], seen             # a screen reader is told too
    assert words in seen["bar typed"], seen                  # the command typed: its own words
    assert seen["pictures"] == MAX_PICTURES, seen
    assert any(words in s for s in seen["said"]), seen       # and again under the message sent
    if not style:
        assert not any(style_words(lang) in s for s in seen["said"] + [seen["bar typed"]]), seen
