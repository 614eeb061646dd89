"""In headless Chromium, review of 5aca6f4 (a progress line's place kept over a reload, hidden until
the server says how it stands): the bot restarted while a painting was under way, then the page
reloaded. The new server has no word of that line, so its hidden place stayed hidden for good, and
the page showed it again only at a later reload (once a "settled" marked its saved copy done). The
server now says such a line is settled, and the page shows it as it stood, in its place."""
from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.by import By

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_cut_off_at_stop import JournaledQueue
from tests.bot.webchat.test_line_in_place_page import bubbles
from tests.bot.webchat.test_webchat_page import connected, page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


@pytest.fixture
def fake_queue():
    # never done within the test: the restart cuts it short, and a queue with a journal (note)
    # holds it over for after it (a job cut off otherwise is sent again by the page: test_cut_off_at_stop_page)
    return JournaledQueue(delay=30.0)


def _painting_under_way(driver, tmp_path) -> None:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo(160, 120))
    say(driver, "/style monet", photo)
    # (its line: the welcome above it says "50%" too, and /help went out before the line came)
    wait(driver, lambda d: "Claude Monet" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    say(driver, "/help")
    wait(driver, lambda d: "/lang" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    driver.execute_script("return new Promise((done) => setTimeout(done, 500))")    # (saved)


def _reloaded(driver) -> dict:
    wait(driver, connected)                 # (back after the restart)
    driver.refresh()
    wait(driver, connected)
    driver.execute_script("return new Promise((done) => setTimeout(done, 1500))")
    return {"shown": bubbles(driver),
            "busy": driver.execute_script("return document.querySelectorAll('#messages [aria-busy]').length")}


async def test_a_line_the_restarted_bot_knows_nothing_of_shows_in_its_place(page, server, tmp_path):
    await asyncio.to_thread(_painting_under_way, page, tmp_path)
    await server.stop()
    await asyncio.to_thread(wait, page, lambda d: not connected(d))
    await server.start()                    # (same port: the page reconnects)
    seen = await asyncio.to_thread(_reloaded, page)
    shown = seen["shown"]
    asked = shown.index("me: /style monet")
    assert "Claude Monet" in shown[asked + 1] and shown[asked + 2] == "me: /help", seen    # its line, in its place
    assert seen["busy"] == 0, seen                                              # done: read, not held back
