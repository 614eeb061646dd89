"""In headless Chromium: a painting asked for while the bot is down (restarting, starting after an
install) waits on the page until it is back; the bot could not see that wait, and the painting's
line said "done in under a second" 11.8 s after Send. The page now says how long it held the
message (waited_ms), over a reload too (one that found the bot down, then one that found it
back), and the line counts it."""
from __future__ import annotations

import asyncio
import re

from selenium.webdriver.common.by import By

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import connected, page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

DOWN_S = 3.0


def done_line(driver) -> str:
    lines = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".msg.bot") if "done in" in e.text]
    return lines[-1] if lines else ""


def seconds(line: str) -> float:
    found = re.search(r"done in ([0-9.]+) s", line)
    return float(found.group(1)) if found else 0.0      # ("under a second")


async def _asked_while_down(server, page, tmp_path, reload: bool) -> str:
    await server.stop()
    await asyncio.to_thread(wait, page, lambda d: not connected(d))
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo(160, 120))
    await asyncio.to_thread(say, page, "/style monet", photo)
    assert "queued" in page.find_elements(By.CSS_SELECTOR, ".msg.me")[-1].get_attribute("class")
    if reload:                                      # the browser's error page: the bot is down
        await asyncio.sleep(1)                      # (saved with the conversation)
        await asyncio.to_thread(page.refresh)
    await asyncio.sleep(DOWN_S)
    await server.start()                            # back on the same port
    if reload:                                      # reloaded again: the page, its message held
        await asyncio.to_thread(page.get, server.url)
    return await asyncio.to_thread(wait, page, done_line)


async def test_a_painting_asked_for_while_the_bot_was_down_counts_that_wait(server, page, tmp_path):
    line = await _asked_while_down(server, page, tmp_path, reload=False)
    assert seconds(line) >= DOWN_S, line


async def test_the_wait_counts_from_before_a_reload(server, page, tmp_path):
    line = await _asked_while_down(server, page, tmp_path, reload=True)
    assert seconds(line) >= DOWN_S + 1, line
