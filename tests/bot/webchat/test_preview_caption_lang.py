"""After /lang ko the buttons under an earlier /preview said Korean (the page relabels the bot's
own button words) but its caption stayed English. The caption is one of the bot's fixed texts:
the server sends it in each language ("texts") and the page says it in the language chosen since,
also after a reload. Headless Chromium for the page."""
from __future__ import annotations

import asyncio

from aiohttp.test_utils import TestClient, TestServer

from bot.commands import Reply
from bot.messages import t
from bot.webchat import create_app, payload, web_text

from tests.bot.webchat import test_webchat_page
from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_delivery import messages, open_page, photo_message
from tests.bot.webchat.test_webchat_page import say, wait

page, server = test_webchat_page.page, test_webchat_page.server       # (the fixtures)


def in_a_browser(test):
    for mark in test_webchat_page.pytestmark:
        test = mark(test)
    return test


def test_a_fixed_caption_comes_in_each_language_and_other_texts_do_not():
    preview = payload("send", "r-1", Reply(t("en", "preview_caption"), image=b"jpeg"))
    assert preview["texts"] == {"en": web_text(t("en", "preview_caption")), "ko": web_text(t("ko", "preview_caption"))}
    assert "Click" in preview["texts"]["en"]                       # the page's word, as its text
    assert "texts" not in payload("send", "r-2", Reply("Vincent van Gogh", image=b"jpeg"))   # a painting's caption
    assert "texts" not in payload("send", "r-3", Reply(t("en", "preview_caption")))          # no picture: an answer


async def test_the_preview_comes_with_its_caption_in_each_language(layer):
    async with TestClient(TestServer(create_app(layer))) as c:
        ws = await open_page(c, "kim")
        await ws.send_json(photo_message("kim", "/preview"))
        got = await messages(ws, lambda m: m["op"] == "send" and m.get("image"))
        assert got[-1]["texts"]["ko"] == web_text(t("ko", "preview_caption")), got[-1]
        await ws.close()


@in_a_browser
async def test_the_page_says_an_earlier_previews_caption_in_korean_after_lang(page, tmp_path):
    from selenium.webdriver.common.by import By
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo())

    def caption():
        return page.find_element(By.CSS_SELECTOR, ".msg.bot img.painting").find_element(By.XPATH, "..") \
            .find_element(By.CSS_SELECTOR, ".text").text

    def previewed_then_korean():
        say(page, "/preview", photo)
        wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, ".msg.bot img.painting"))
        before = caption()
        say(page, "/lang ko")
        wait(page, lambda d: d.execute_script("return document.documentElement.lang") == "ko")
        after = caption()
        page.refresh()                                  # restored from the tab's saved conversation
        wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, ".msg.bot img.painting"))
        wait(page, lambda d: d.execute_script("return document.documentElement.lang") == "ko")
        return before, after, caption()

    before, after, reloaded = await asyncio.to_thread(previewed_then_korean)
    assert before == web_text(t("en", "preview_caption")), before
    assert after == reloaded == t("ko", "preview_caption"), (after, reloaded)
