"""A browser that refuses the page its storage (cookies and site data blocked: reading
localStorage throws a SecurityError) got a dead web chat: the page's script stopped at its first
line, so it never connected, the welcome never came and Enter did nothing. It now works, as a
user of its own for as long as the page is open (reconnecting keeps it)."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.bot.webchat.test_reload import fake_url
from tests.bot.webchat.test_webchat import _browser, pytestmark

__all__ = ["fake_url", "pytestmark"]

BLOCK = """for (const name of ["localStorage", "sessionStorage"]) {
  Object.defineProperty(window, name, {configurable: true,
    get() { throw new DOMException("Access is denied for this document.", "SecurityError"); }});
}"""


def _blocked(url: str, tmp_path: Path) -> dict:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    driver = _browser(tmp_path)
    seen = {"welcome": False, "help": False}
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": BLOCK})
        driver.get(url)
        wait = WebDriverWait(driver, 10)
        try:
            wait.until(lambda d: "I turn your photos into paintings" in d.find_element(By.ID, "messages").text)
            seen["welcome"] = True
        except Exception:
            pass
        box = driver.find_element(By.ID, "text")
        box.send_keys("/settings")
        box.send_keys(Keys.ENTER)
        try:
            wait.until(lambda d: "Your settings" in d.find_element(By.ID, "messages").text)
            seen["help"] = True
        except Exception:
            pass
        seen["text"] = driver.find_element(By.ID, "messages").text
    finally:
        driver.quit()
    return seen


@pytest.mark.slow
async def test_the_chat_works_where_the_browser_blocks_site_data(fake_url, tmp_path):
    seen = await asyncio.wait_for(asyncio.to_thread(_blocked, fake_url, tmp_path), timeout=120)
    assert seen["welcome"] and seen["help"], seen
