"""A photo sent while connected was gone when the connection dropped before it was all out (a
phone's network, a slow one): its bubble shown as sent, no ⏳, nothing coming, ever. It is kept
until the server's ack says it has it, sent again once connected (answered once), and shown ⏳
while its bytes are still going out. Headless Chromium; the drop and the slow network are played
by the page's WebSocket (Chromium's network conditions do not slow a WebSocket)."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

# the first message with a photo in it never goes out: the connection drops instead
CUT = """
const send = WebSocket.prototype.send; window.cut = 0;
WebSocket.prototype.send = function (data) {
  if (!window.cut && typeof data === "string" && data.includes('"image":"data:image/')) { window.cut = 1; this.close(); return; }
  return send.call(this, data);
};"""

# a slow upload: a message with a photo in it held back (counted in bufferedAmount, as the
# browser's own) until the test lets it go
SLOW = """
const send = WebSocket.prototype.send, held = [];
const real = Object.getOwnPropertyDescriptor(WebSocket.prototype, "bufferedAmount").get;
Object.defineProperty(WebSocket.prototype, "bufferedAmount", {configurable: true,
  get() { return held.reduce((n, h) => n + h[1].length, 0) + real.call(this); }});
WebSocket.prototype.send = function (data) {
  if (held.length || (typeof data === "string" && data.includes('"image":"data:image/'))) { held.push([this, data]); return; }
  return send.call(this, data);
};
window.letGo = () => held.splice(0).forEach(([ws, data]) => send.call(ws, data));"""


def mine(driver):
    return driver.find_elements(By.CSS_SELECTOR, ".msg.me")[-1]


def _cut(driver, tmp_path) -> dict:
    photo = tmp_path / "holiday.jpg"
    photo.write_bytes(make_photo(160, 120))
    driver.execute_script(CUT)
    say(driver, "/style gogh", photo)
    wait(driver, lambda d: d.execute_script("return window.cut") == 1)
    wait(driver, lambda d: paintings(d), 15)
    wait(driver, lambda d: "queued" not in mine(d).get_attribute("class"))
    driver.execute_script("return new Promise((done) => setTimeout(done, 1000))")     # (a second one would be here)
    return {"paintings": len(paintings(driver)), "bubbles": len(driver.find_elements(By.CSS_SELECTOR, ".msg.me")),
            "class": mine(driver).get_attribute("class"),
            "id": driver.execute_script("return arguments[0].querySelector('img').dataset.id || ''", mine(driver))}


async def test_a_photo_cut_off_by_a_lost_connection_goes_out_again_once(page, tmp_path):
    seen = await asyncio.to_thread(_cut, page, tmp_path)
    assert seen["paintings"] == 1 and seen["bubbles"] == 1, seen
    assert "sending" not in seen["class"] and seen["id"], seen      # the server's id: replies to it work


def _slow(driver, tmp_path) -> dict:
    photo = tmp_path / "holiday.jpg"
    photo.write_bytes(make_photo(160, 120))
    driver.execute_script(SLOW)
    say(driver, "/style gogh", photo)
    wait(driver, lambda d: "sending" in mine(d).get_attribute("class"))
    seen = {"mark": driver.execute_script("return getComputedStyle(arguments[0], '::after').content", mine(driver))}
    driver.execute_script("window.letGo()")
    wait(driver, lambda d: "sending" not in mine(d).get_attribute("class"))
    say(driver, "/status")                                      # words alone: never marked
    wait(driver, lambda d: "Queue:" in d.find_element(By.ID, "messages").text)
    seen["words"] = mine(driver).get_attribute("class")
    return seen


async def test_a_photo_still_going_out_is_marked(page, tmp_path):
    seen = await asyncio.to_thread(_slow, page, tmp_path)
    assert "⏳" in seen["mark"], seen
    assert "sending" not in seen["words"], seen


# every message with a photo in it drops the connection (a proxy's size limit, say)
CUT_EACH_TIME = """
const send = WebSocket.prototype.send; window.cuts = 0;
WebSocket.prototype.send = function (data) {
  if (typeof data === "string" && data.includes('"image":"data:image/')) { window.cuts += 1; this.close(); return; }
  return send.call(this, data);
};"""


def _cut_each_time(driver, tmp_path) -> dict:
    photo = tmp_path / "holiday.jpg"
    photo.write_bytes(make_photo(160, 120))
    driver.execute_script(CUT_EACH_TIME)
    say(driver, "/style gogh", photo)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".msg.me .unanswered"), 20)
    wait(driver, lambda d: d.execute_script("return document.body.dataset.connected") == "1")
    driver.execute_script("return new Promise((done) => setTimeout(done, 3000))")     # (more would be here)
    return {"cuts": driver.execute_script("return window.cuts"), "note": mine(driver).text,
            "queued": "queued" in mine(driver).get_attribute("class")}


async def test_a_photo_that_drops_the_connection_each_time_is_sent_again_three_times_then_said(page, tmp_path):
    # (it went out again at each reconnection, every second, for ever)
    seen = await asyncio.to_thread(_cut_each_time, page, tmp_path)
    assert seen["cuts"] == 4, seen                              # sent, and again three times
    assert "Not sent: the connection dropped each time" in seen["note"] and not seen["queued"], seen
