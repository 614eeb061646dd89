"""In headless Chromium: a painting that finished while the tab it was asked in was away
(reloading), with another tab of the user open, reaches the tab it was asked in when it is back,
with its "done in N s" line; it showed the photo alone (the other tab had got both)."""
from __future__ import annotations

import asyncio
import time

import pytest
from selenium.webdriver.common.by import By

from tests.bot.conftest import FakeQueue, make_photo
from tests.bot.webchat.test_webchat_page import connected, page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


@pytest.fixture
def fake_queue():
    return FakeQueue(delay=3.0)


def _away_while_painted(driver, url, tmp_path) -> dict:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo(160, 120))
    asking = driver.current_window_handle
    driver.switch_to.new_window("tab")
    driver.get(url)
    wait(driver, connected)
    other = driver.current_window_handle
    driver.switch_to.window(asking)
    say(driver, "/style monet", photo)
    wait(driver, lambda d: "Claude Monet" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    driver.get("about:blank")                  # away (a reload that takes a while) as it is painted
    driver.switch_to.window(other)
    wait(driver, lambda d: len(paintings(d)) == 1)
    time.sleep(0.5)
    driver.switch_to.window(asking)
    driver.get(url)                            # back: the tab's own conversation, restored
    wait(driver, connected)
    try:
        wait(driver, lambda d: paintings(d) and "done in" in d.find_element(By.ID, "messages").text, 10)
    except Exception:
        pass
    return {"paintings": len(paintings(driver)), "text": driver.find_element(By.ID, "messages").text}


async def test_the_tab_that_asked_gets_its_painting_and_line_after_being_away(page, server, tmp_path):
    seen = await asyncio.to_thread(_away_while_painted, page, server.url, tmp_path)
    assert seen["paintings"] == 1, seen
    assert "Claude Monet: done in" in seen["text"], seen
    assert seen["text"].index("done in") < len(seen["text"]) and "painting…" not in seen["text"], seen
