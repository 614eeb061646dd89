"""A file that is no picture (notes.txt) sent without words showed as "📎 notes.txt " in its bubble,
a space at its end (and so in the copy the user's other tabs show); with words, one space between
the name and them. Headless Chromium."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


def _bubbles(driver, tmp_path) -> list[str]:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a photo\n")
    for words in ("", "/style monet"):
        n = len(driver.find_elements(By.CSS_SELECTOR, ".msg.bot"))
        say(driver, words, notes)
        wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.bot")) > n)
    return driver.execute_script("return [...document.querySelectorAll('.msg.me')].map((e) => e.textContent)")


async def test_a_file_bubble_has_no_stray_space(page, tmp_path):
    assert await asyncio.to_thread(_bubbles, page, tmp_path) == ["📎 notes.txt", "📎 notes.txt /style monet"]
