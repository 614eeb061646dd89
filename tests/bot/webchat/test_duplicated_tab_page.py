"""A duplicated tab (its saved conversation copied with it) sends a message queued while offline
again, under the message's own id (qid): the server answers it once, from the other tab, and
copies it to this one ("mine"), which showed the question twice, its own bubble and the copy
(and its own photo never got an id to reply to). A copy of a message the page shows as its own
is not shown again now; its pictures' ids are taken from it. Headless Chromium: the page's socket
is watched (what it sent), and the copy handed to it as the server sends it."""
from __future__ import annotations

import asyncio
import json

from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import connected, page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

WATCHED = """
  const Real = window.WebSocket;
  window.__sent = []; window.__sockets = [];
  window.WebSocket = function (...args) {
    const s = new Real(...args); window.__sockets.push(s);
    const send = s.send.bind(s); s.send = (data) => { window.__sent.push(data); send(data); };
    return s;
  };
  window.WebSocket.prototype = Real.prototype;
"""
COPY = """const s = window.__sockets[window.__sockets.length - 1];
  s.onmessage({data: JSON.stringify({op: "mine", text: arguments[1], images: [], ids: [], names: [], qid: arguments[0]})});"""


def _copied(driver) -> dict:
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCHED})
    driver.refresh()
    wait(driver, connected)
    say(driver, "/status")
    wait(driver, lambda d: "Queue:" in d.find_element(By.ID, "messages").text)
    sent = [json.loads(m) for m in driver.execute_script("return window.__sent")]
    qid = next(m["qid"] for m in sent if m.get("text") == "/status")
    driver.execute_script(COPY, qid, "/status")                  # the copy of its own message
    driver.execute_script(COPY, "another-id", "/help")           # a message of another tab's
    return {"mine": [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".msg.me")]}


async def test_a_copy_of_the_pages_own_message_is_not_shown_twice(page):
    seen = await asyncio.to_thread(_copied, page)
    assert seen["mine"] == ["/status", "/help"], seen
