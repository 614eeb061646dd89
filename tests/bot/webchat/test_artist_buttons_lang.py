"""After /lang ko, the buttons under older messages are said in Korean by the page (d0c59df), but
the artist buttons were left out ("stay as drawn"): under a photo sent before the /lang, nine
buttons "Vincent van Gogh", "Claude Monet"... among Korean words, the artist buttons of a reply
since reading "빈센트 반 고흐". An artist's button carries its name in each language too, found by
the artist its command paints; a community style's name (one language) has none."""
from __future__ import annotations

import base64

from aiohttp.test_utils import TestClient, TestServer

from bot.commands import Button, Reply
from bot.webchat import create_app, payload
from styles import load_catalog

from tests.bot.webchat import test_webchat_page
from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_delivery import messages, open_page
from tests.bot.webchat.test_webchat_page import connected, say, wait

page, server = test_webchat_page.page, test_webchat_page.server       # (the fixtures)


def in_a_browser(test):
    """A test of the page in Chromium: skipped without one, as test_webchat_page's."""
    for mark in test_webchat_page.pytestmark:
        test = mark(test)
    return test


async def test_the_artist_buttons_under_a_bare_photo_come_with_both_names(layer):
    gogh = layer.catalog.get("gogh")
    async with TestClient(TestServer(create_app(layer))) as c:
        ws = await open_page(c, "kim")
        data = "data:image/jpeg;base64," + base64.b64encode(make_photo()).decode()
        await ws.send_json({"user": "kim", "text": "", "image": data, "locale": "en-US", "client_id": "1"})
        got = await messages(ws, lambda m: m["op"] == "send" and m.get("buttons"))
        buttons = [b for row in got[-1]["buttons"] for b in row]
        first = next(b for b in buttons if b["label"] == gogh.name("en"))
        assert first["labels"] == {"en": gogh.name("en"), "ko": gogh.name("ko")}
        assert all(b.get("labels") for b in buttons)          # each of them an artist's
        await ws.close()


def test_a_button_not_naming_its_artist_or_a_community_style_has_no_labels():
    catalog = load_catalog()
    said = payload("send", "x-1", Reply("?", buttons=[[
        Button("my-style", "/style my-style #abc"),           # a community style: one name
        Button("Vincent van Gogh", "/style monet #abc"),      # not the artist it paints: left as it is
        Button(catalog.get("monet").name("ko"), "/hq monet #abc")]]), catalog)
    labels = [b.get("labels") for b in said["buttons"][0]]
    assert labels == [None, None, {"en": catalog.get("monet").name("en"), "ko": catalog.get("monet").name("ko")}]


@in_a_browser
async def test_the_page_says_old_artist_buttons_in_the_language_chosen(page, tmp_path, layer):
    from selenium.webdriver.common.by import By
    gogh = layer.catalog.get("gogh")

    def bare_photo_then_korean():
        photo = tmp_path / "p.jpg"
        photo.write_bytes(make_photo(120, 90))
        say(page, "", photo)
        wait(page, lambda d: gogh.name("en") in [b.text for b in d.find_elements(By.CSS_SELECTOR, ".buttons button")])
        say(page, "/lang ko")
        wait(page, lambda d: d.execute_script("return document.documentElement.lang") == "ko")
        labels = [b.text for b in page.find_elements(By.CSS_SELECTOR, ".buttons button")]
        page.refresh()                    # drawn again from the tab's copy: in Korean too
        wait(page, connected)
        wait(page, lambda d: d.execute_script("return document.documentElement.lang") == "ko")
        return labels, [b.text for b in page.find_elements(By.CSS_SELECTOR, ".buttons button")]

    before, after = await __import__("asyncio").to_thread(bare_photo_then_korean)
    assert gogh.name("ko") in before and gogh.name("en") not in before
    assert gogh.name("ko") in after and gogh.name("en") not in after
