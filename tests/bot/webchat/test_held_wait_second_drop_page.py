"""A message sent while the bot is down is held on the page and says how long it waited when it
goes out (waited_ms), which the painting's "done in" counts. Held, sent once connected and cut off
again before the bot had it (the connection dropped a second time), it was held anew and said it
waited since the second drop alone: "done in" short by the first wait. The first time it was held
counts now. The second drop is the page's socket closing as the held message goes out (a
network that drops it mid-upload). Headless Chromium."""
from __future__ import annotations

import asyncio
import json
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

# each message the page sends with its wait, in window.waits; the first of them cut off (its
# socket closed instead of sending it)
CUT_ONCE = """
window.waits = [];
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (m) {
  const waited = m.match(/"waited_ms":(\\d+)}$/);
  if (waited) { window.waits.push(Number(waited[1])); if (window.waits.length === 1) { this.close(); return; } }
  return send.call(this, m); };
"""


async def test_a_held_message_cut_off_again_counts_its_wait_from_when_it_was_first_held(server, page, tmp_path):
    await server.stop()
    await asyncio.to_thread(wait, page, lambda d: not connected(d))
    page.execute_script(CUT_ONCE)
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo(160, 120))
    await asyncio.to_thread(say, page, "/style monet", photo)
    assert "queued" in page.find_elements(By.CSS_SELECTOR, ".msg.me")[-1].get_attribute("class")
    await asyncio.sleep(DOWN_S)
    await server.start()                            # back: it goes out, is cut off, and goes out again
    line = await asyncio.to_thread(wait, page, done_line)
    waits = page.execute_script("return window.waits")
    assert len(waits) == 2, json.dumps(waits)       # cut off once, then sent
    assert waits[1] >= waits[0] >= DOWN_S * 1000, waits
    assert seconds(line) >= DOWN_S + 1, line        # (the reconnection after the cut: a second more)
