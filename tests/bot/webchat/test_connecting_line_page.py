"""A slow first visit (a phone's network) showed a blank chat until the page connected. It says
"Connecting…" now, in the browser's language, until the server's hello; gone once connected, and
not said again over the offline line when the connection is lost. Headless Chromium; the slow
connection is played by the page's WebSocket, opened late."""
from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import connected, page, pytestmark, server, wait

__all__ = ["page", "pytestmark", "server"]

# the page's socket opened 3 s late; and the browser's language
SLOW = """
const Real = window.WebSocket;
window.WebSocket = function (url) { const ws = {readyState: 0, bufferedAmount: 0, send() {}};
  setTimeout(() => { const real = new Real(url);
    for (const k of ["onopen", "onmessage", "onclose"]) real[k] = (ev) => ws[k] && ws[k](ev);
    ws.real = real; Object.defineProperty(ws, "readyState", {get: () => real.readyState});
    Object.defineProperty(ws, "bufferedAmount", {get: () => real.bufferedAmount});
    ws.send = (data) => real.send(data); ws.close = () => real.close(); }, 3000);
  return ws; };
Object.defineProperty(navigator, "language", {get: () => "%s"});
"""


def _first_visit(driver, locale: str) -> dict:
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": SLOW % locale})
    driver.execute_script("localStorage.clear(); sessionStorage.clear()")
    driver.refresh()
    line = lambda d: d.find_element(By.ID, "connecting")      # noqa: E731
    seen = {"shown": line(driver).is_displayed(), "words": line(driver).text,
            "role": line(driver).get_attribute("role"), "connected": connected(driver)}
    wait(driver, lambda d: connected(d) and "/help" in d.find_element(By.ID, "messages").text)
    seen["after"] = line(driver).is_displayed()
    return seen


@pytest.mark.parametrize("locale, words", [("en-US", "Connecting…"), ("ko-KR", "연결하는 중…")])
async def test_a_slow_first_visit_says_connecting_until_connected(page, locale, words):
    seen = await asyncio.to_thread(_first_visit, page, locale)
    assert not seen["connected"] and seen["shown"] and seen["words"] == words, seen
    assert seen["role"] == "status", seen                     # read out too
    assert not seen["after"], seen


async def test_a_lost_connection_has_the_offline_line_alone(page, server):
    await server.stop()
    await asyncio.to_thread(wait, page, lambda d: d.find_element(By.ID, "offline").is_displayed())
    assert not page.find_element(By.ID, "connecting").is_displayed()
    await server.start()
    await asyncio.to_thread(wait, page, connected)
    assert not page.find_element(By.ID, "connecting").is_displayed()
