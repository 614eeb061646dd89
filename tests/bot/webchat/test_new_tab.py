"""A new tab of the same browser (the same user: the id is in localStorage) started empty, though
the user had just painted in another tab: each tab keeps its own conversation (sessionStorage)
and the server sent nothing of the past. A new tab now shows the user's last few paintings (kept
in memory while the bot runs, as long as their pictures are kept for replies), with their
captions and buttons; a reloaded tab, which shows its own conversation again, gets no copies.
Headless Chromium."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import connected, page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


def _new_tab(driver, url, tmp_path) -> dict:
    seen = {}
    for n in range(4):
        photo = tmp_path / f"p{n}.jpg"
        photo.write_bytes(make_photo(160, 120, seed=n))
        say(driver, "/style gogh", photo)
        wait(driver, lambda d: len(paintings(d)) == n + 1)
    first = driver.current_window_handle
    captions = [p.get_attribute("alt") for p in paintings(driver)]
    driver.switch_to.new_window("tab")
    driver.get(url)
    wait(driver, connected)
    try:
        wait(driver, lambda d: len(paintings(d)) >= 3, 10)
    except Exception:
        pass
    shown = paintings(driver)
    seen["new_tab"] = len(shown)
    seen["captions"] = [p.get_attribute("alt") for p in shown] == captions[-len(shown):] if shown else None
    seen["buttons"] = len(driver.find_elements(By.CSS_SELECTOR, ".msg.bot .buttons button"))
    seen["welcome"] = "I turn your photos into paintings" in driver.find_element(By.ID, "messages").text
    driver.refresh()                       # the new tab reloaded: its own conversation, no copies
    wait(driver, connected)
    wait(driver, lambda d: len(paintings(d)) >= seen["new_tab"])
    driver.execute_script("return new Promise((done) => setTimeout(done, 1500))")
    seen["after_reload"] = len(paintings(driver))
    driver.switch_to.window(first)
    seen["first_tab"] = len(paintings(driver))
    return seen


async def test_a_new_tab_shows_the_users_last_paintings(page, server, tmp_path):
    seen = await asyncio.to_thread(_new_tab, page, server.url, tmp_path)
    assert seen["new_tab"] == 3, seen             # the last three of four
    assert seen["captions"] and seen["buttons"] >= 3, seen
    assert not seen["welcome"], seen              # not a newcomer
    assert seen["after_reload"] == 3, seen
    assert seen["first_tab"] == 4, seen           # the tab they were painted in got nothing more


async def test_a_new_tab_after_forgetme_shows_nothing_and_another_user_gets_none(settings, store):
    from aiohttp.test_utils import TestClient, TestServer

    from bot.commands import CommandLayer
    from bot.webchat import create_app

    from tests.bot.conftest import FakeQueue
    from tests.bot.webchat.test_webchat_delivery import messages, photo_message

    async def fresh_page(client, user):
        ws = await client.ws_connect("/ws")
        await ws.receive_json()
        await ws.send_json({"op": "hello", "user": user, "fresh": True})
        await ws.send_json({"user": user, "text": "/status", "locale": "en-US"})
        return ws, await messages(ws, lambda m: m["op"] == "lang")

    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as client:
        ws, _ = await fresh_page(client, "olga")
        await ws.send_json(photo_message("olga", "/style gogh"))
        await messages(ws, lambda m: m["op"] == "send" and m.get("image"))
        other, got = await fresh_page(client, "pete")
        assert not [m for m in got if m.get("image")], got             # someone else's: never
        tab, got = await fresh_page(client, "olga")
        assert [m for m in got if m.get("image")], got
        await tab.close()
        await ws.send_json({"user": "olga", "text": "/forgetme yes", "locale": "en-US"})
        await messages(ws, lambda m: m["op"] == "forgotten")
        tab, got = await fresh_page(client, "olga")
        assert not [m for m in got if m.get("image")], got
        for w in (ws, other, tab):
            await w.close()
