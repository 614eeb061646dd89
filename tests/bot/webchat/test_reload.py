"""A web chat page reloaded (or reopened) in a real headless Chromium is the same user (the id the
browser keeps), and shows it at once: a user who chose Korean (/lang ko) read the page's own words
(Send, the hint, the placeholder) in English again after a reload, until their next message
was answered."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.bot.webchat.test_webchat import _browser, pytestmark

__all__ = ["pytestmark"]


@pytest.fixture
async def fake_url(layer):
    """The web chat over the command layer with the fake queue (no engine: quick)."""
    from aiohttp import web

    from bot.webchat import create_app

    runner = web.AppRunner(create_app(layer))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/"
    await runner.cleanup()


def _reload_after_lang(url: str, tmp_path: Path) -> dict:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    driver = _browser(tmp_path)
    seen = {}
    try:
        driver.get(url)
        wait = WebDriverWait(driver, 60)
        wait.until(lambda d: "I turn your photos into paintings" in d.find_element(By.ID, "messages").text)
        seen["id"] = driver.execute_script("return localStorage.getItem('paintbot-user')")
        box = driver.find_element(By.ID, "text")
        box.send_keys("/lang ko")
        box.send_keys(Keys.ENTER)
        wait.until(lambda d: d.find_element(By.ID, "send").text == "보내기")
        driver.refresh()
        wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-connected") == "1")
        try:
            WebDriverWait(driver, 5).until(lambda d: d.find_element(By.ID, "send").text == "보내기")
        except Exception:
            pass
        seen["send"] = driver.find_element(By.ID, "send").text
        seen["placeholder"] = driver.find_element(By.ID, "text").get_attribute("placeholder")
        seen["id_after"] = driver.execute_script("return localStorage.getItem('paintbot-user')")
    finally:
        driver.quit()
    return seen


@pytest.mark.slow
async def test_a_reloaded_page_is_the_same_user_and_speaks_their_language_at_once(fake_url, store, tmp_path):
    seen = await asyncio.wait_for(asyncio.to_thread(_reload_after_lang, fake_url, tmp_path), timeout=120)
    assert seen["id"] and seen["id_after"] == seen["id"]
    assert len(seen["id"].replace("-", "")) == 32                  # 128 random bits (a UUID's hex)
    assert store.prefs(f"web:{seen['id']}").lang == "ko"      # the server's user is that id
    assert seen["send"] == "보내기", seen                           # not "Send" until the next answer
    assert "또는" in seen["placeholder"], seen
