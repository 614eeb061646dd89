"""A first visit's page waits for the bot's welcome (its /start) and took the first reply that came
for it: since an answer to a message from another of the user's tabs goes to each of them
(4ff7bbb), that answer could be taken, marked "the welcome" (not kept in the page's history, so
gone after a reload) and the real welcome kept instead. The server says which reply is the
welcome ("welcome": true). Headless Chromium: the page's /start is held back, another tab's answer
handed to it, then the welcome."""
from __future__ import annotations

import asyncio
import json

from aiohttp.test_utils import TestClient, TestServer

from bot.commands import CommandLayer
from bot.webchat import create_app

from tests.bot.conftest import FakeQueue
from tests.bot.webchat.test_webchat_delivery import messages
from tests.bot.webchat.test_webchat_page import connected, page, pytestmark, server, wait

__all__ = ["page", "pytestmark", "server"]

HELD = """
  const Real = window.WebSocket;
  window.__sockets = [];
  window.WebSocket = function (...args) {
    const s = new Real(...args); window.__sockets.push(s);
    const send = s.send.bind(s);
    s.send = (data) => { if (JSON.parse(data).text !== "/start") send(data); };    // the welcome asked for later
    return s;
  };
  window.WebSocket.prototype = Real.prototype;
"""
HAND = """const s = window.__sockets[window.__sockets.length - 1]; s.onmessage({data: arguments[0]});"""


def _first_visit(driver) -> dict:
    # a newcomer (an id the bot does not know: a known one is welcomed back, test_one_greeting_page)
    driver.execute_script("localStorage.removeItem('paintbot-welcomed'); sessionStorage.clear();"
                          "localStorage.setItem('paintbot-user', 'newcomer-rweb22');")
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HELD})
    driver.refresh()
    wait(driver, connected)
    answer = {"op": "send", "id": "r1-900", "text": "Queue: empty", "progress": False, "buttons": []}
    driver.execute_script(HAND, json.dumps(answer))
    seen = {"welcomed_after_answer": driver.execute_script("return localStorage.getItem('paintbot-welcomed')")}
    welcome = {**answer, "id": "r1-901", "text": "Hello! (the welcome)", "welcome": True}
    driver.execute_script(HAND, json.dumps(welcome))
    seen["welcomed"] = driver.execute_script("return localStorage.getItem('paintbot-welcomed')")
    import time
    time.sleep(0.6)                                   # the conversation saved (after 300 ms)
    saved = json.loads(driver.execute_script("return sessionStorage.getItem('paintbot-chat')") or "{}")
    seen["saved"] = [e["bot"]["text"] for e in saved.get("list", []) if e.get("bot")]
    return seen


async def test_another_tabs_answer_is_not_taken_for_the_welcome(page):
    seen = await asyncio.to_thread(_first_visit, page)
    assert seen["welcomed_after_answer"] is None, seen
    assert seen["welcomed"] == "1", seen
    # the answer kept, and the welcome after it (kept too since test_welcome_kept_page:
    # a newcomer's reload was blank)
    assert seen["saved"][-2:] == ["Queue: empty", "Hello! (the welcome)"], seen


async def test_the_server_says_which_reply_is_the_welcome(settings, store):
    async with TestClient(TestServer(create_app(CommandLayer(settings, store, FakeQueue())))) as c:
        ws = await c.ws_connect("/ws")
        await ws.receive_json()
        await ws.send_json({"op": "hello", "user": "ann", "fresh": True})
        for text, welcome in (("/start", True), ("/status", None), ("/help", None)):
            await ws.send_json({"user": "ann", "text": text, "locale": "ko-KR"})
            got = await messages(ws, lambda m: m["op"] == "lang")
            said = [m for m in got if m["op"] == "send"]
            assert [m.get("welcome") for m in said] == [welcome], (text, said)
        await ws.close()
