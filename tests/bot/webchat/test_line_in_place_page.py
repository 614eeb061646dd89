"""In headless Chromium, a painting under way while its tab reloads: its progress line came back at
the bottom of the page (the server sends it as it stands), below the messages sent after it, and
stayed there once done. It stays right after the request it answers, as on Telegram (the line
edited in place), and the painting comes as a new message after it."""
from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.by import By

from tests.bot.conftest import FakeQueue, make_photo
from tests.bot.webchat.test_webchat_page import connected, page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


@pytest.fixture
def fake_queue():
    return FakeQueue(delay=4.0)


def bubbles(driver) -> list[str]:
    return driver.execute_script(
        "return [...document.querySelectorAll('#messages .msg')].filter((e) => !e.hidden && e.offsetParent)"
        ".map((e) => (e.classList.contains('me') ? 'me: ' : 'bot: ') + (e.querySelector('img.painting') ? '[painting] ' : '')"
        " + e.innerText.split('\\n').filter((l) => l && !l.startsWith('↩')).slice(-1)[0])")


def _reloaded_mid_painting(driver, url, tmp_path) -> dict:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo(160, 120))
    say(driver, "/style monet", photo)
    # (its line: the welcome above it says "paintings" and "50%" too, and /help went out before the line came)
    wait(driver, lambda d: "Claude Monet" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    say(driver, "/help")
    wait(driver, lambda d: "/lang" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    driver.refresh()
    wait(driver, connected)
    driver.execute_script("return new Promise((done) => setTimeout(done, 1000))")
    during = bubbles(driver)
    wait(driver, lambda d: paintings(d), 20)
    driver.execute_script("return new Promise((done) => setTimeout(done, 500))")
    return {"during": during, "after": bubbles(driver)}


async def test_a_progress_line_stays_in_place_over_a_reload(page, server, tmp_path):
    seen = await asyncio.to_thread(_reloaded_mid_painting, page, server.url, tmp_path)
    for shown in (seen["during"], seen["after"]):
        asked = shown.index("me: /style monet")
        assert "Claude Monet" in shown[asked + 1] and shown[asked + 2] == "me: /help", seen
    # (after the first visit's welcome, kept over the reload too)
    assert "painting…" in seen["during"][seen["during"].index("me: /style monet") + 1], seen
    assert "done in" in seen["after"][seen["after"].index("me: /style monet") + 1], seen
    assert seen["after"][-1].startswith("bot: [painting]"), seen      # a new message, after it
    assert len(seen["after"]) == len(seen["during"]) + 1, seen       # the line shown once

