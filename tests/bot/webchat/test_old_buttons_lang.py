"""Buttons under a painting from before a /lang stayed in the old language. What a user expects of
them: they say the language chosen since (the page relabels the bot's own button words; an
artist's name stays as drawn), still act on their painting, and what they get back speaks the new
language."""
from __future__ import annotations

import asyncio
import re

from aiohttp.test_utils import TestClient, TestServer

from bot.messages import t
from bot.webchat import create_app

from tests.bot.webchat import test_webchat_page
from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_delivery import messages, open_page, photo_message
from tests.bot.webchat.test_webchat_page import connected, paintings, say, wait

page, server = test_webchat_page.page, test_webchat_page.server       # (the fixtures)


def in_a_browser(test):
    """A test of the page in Chromium: skipped without one, as test_webchat_page's."""
    for mark in test_webchat_page.pytestmark:
        test = mark(test)
    return test

HANGUL = re.compile(r"[\uac00-\ud7a3]")


async def test_an_old_english_button_answers_in_korean_after_lang_ko(layer, fake_queue):
    async with TestClient(TestServer(create_app(layer))) as c:
        ws = await open_page(c, "kim")
        await ws.send_json(photo_message("kim", "/style gogh"))
        got = await messages(ws, lambda m: m["op"] == "send" and m.get("image"))
        painting = got[-1]
        buttons = [b for row in painting["buttons"] for b in row]
        assert buttons and not any(HANGUL.search(b["label"]) for b in buttons)      # drawn in English
        await messages(ws, lambda m: m["op"] == "lang")
        await ws.send_json({"user": "kim", "text": "/lang ko", "locale": "en-US"})
        got = await messages(ws, lambda m: m["op"] == "lang")
        assert got[-1]["lang"] == "ko"
        jobs = len(fake_queue.jobs)
        weaker = next(b for b in buttons if b["command"].startswith("/weaker"))
        await ws.send_json({"user": "kim", "text": weaker["command"], "locale": "en-US"})
        got = await messages(ws, lambda m: m["op"] == "lang")
        assert len(fake_queue.jobs) == jobs + 1                 # it painted (that painting, weaker)
        texts = [m["text"] for m in got if m["op"] in ("send", "edit") and m.get("text")]
        assert texts and all(HANGUL.search(text) for text in texts), texts      # and said so in Korean
        new = next(m for m in got if m["op"] == "send" and m.get("image"))
        assert all(HANGUL.search(b["label"]) for row in new["buttons"] for b in row
                   if not b["label"].startswith("/"))         # its own buttons in Korean
        assert t("ko", "web_unanswered") not in texts
        await ws.close()


@in_a_browser
async def test_the_page_relabels_old_buttons_after_lang(page, fake_queue, tmp_path):
    from selenium.webdriver.common.by import By
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo())

    def painted_then_korean():
        say(page, "/style gogh", photo)
        wait(page, lambda d: len(paintings(d)) == 1)
        say(page, "/lang ko")
        wait(page, lambda d: d.execute_script("return document.documentElement.lang") == "ko")
        bubble = paintings(page)[0].find_element(By.XPATH, "..")
        return [b.text for b in bubble.find_elements(By.CSS_SELECTOR, ".buttons button")]

    labels = await asyncio.to_thread(painted_then_korean)
    assert t("ko", "button_weaker") in labels and t("en", "button_weaker") not in labels
    assert all(HANGUL.search(label) for label in labels), labels

    def weaker_clicked():
        bubble = paintings(page)[0].find_element(By.XPATH, "..")
        next(b for b in bubble.find_elements(By.CSS_SELECTOR, ".buttons button")
             if b.text == t("ko", "button_weaker")).click()
        wait(page, lambda d: len(paintings(d)) == 2)
        return page.find_elements(By.CSS_SELECTOR, ".msg.me")[-1].text

    assert await asyncio.to_thread(weaker_clicked) == t("ko", "button_weaker")    # the user's bubble too

    def reloaded():                   # as drawn again from the tab's saved conversation
        page.refresh()
        wait(page, connected)
        wait(page, lambda d: len(paintings(d)) == 2)
        wait(page, lambda d: d.execute_script("return document.documentElement.lang") == "ko")
        bubble = paintings(page)[0].find_element(By.XPATH, "..")
        return [b.text for b in bubble.find_elements(By.CSS_SELECTOR, ".buttons button")]

    assert t("ko", "button_weaker") in await asyncio.to_thread(reloaded)
