"""/addstyle's "Studying 1 painting…" line, grey as a line under way, is edited into its answer
("Added “Ink” … Try it: /ink"), which kept the line's grey: the page kept an edited line's
"progress" look whatever replaced it. An answer of its own looks like a reply now, after a
reload too; a painting's "✅ done in 3 s" still looks like the status it is. Headless Chromium."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import connected, page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


def bubble_with(driver, words: str):
    found = [el for el in driver.find_elements(By.CSS_SELECTOR, ".msg.bot") if words in el.text]
    return found[-1] if found else None


def looks(driver) -> dict:
    return {"added": bubble_with(driver, "Try it:").get_attribute("class"),
            "done": bubble_with(driver, "done in").get_attribute("class")}


def _add_then_paint(driver, tmp_path) -> dict:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo(160, 120))
    say(driver, "/addstyle Ink", photo)
    wait(driver, lambda d: bubble_with(d, "Try it:"))
    say(driver, "/style monet", photo)
    wait(driver, lambda d: paintings(d) and bubble_with(d, "done in"))
    seen = {"shown": looks(driver)}
    driver.refresh()
    wait(driver, lambda d: connected(d) and bubble_with(d, "Try it:") and bubble_with(d, "done in"))
    seen["reloaded"] = looks(driver)
    return seen


async def test_a_line_edited_into_an_answer_looks_like_a_reply(page, tmp_path):
    seen = await asyncio.to_thread(_add_then_paint, page, tmp_path)
    for when in ("shown", "reloaded"):
        assert "progress" not in seen[when]["added"].split(), seen      # a reply
        assert "progress" in seen[when]["done"].split(), seen           # a painting's status, as before
