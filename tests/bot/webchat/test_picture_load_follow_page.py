"""A picture's message that came while the user was at the bottom scrolled the list to it once the
picture had loaded (it has no height before), on the "follow" decided when the message came: a
user who had scrolled up to read in between was pulled down. Whether to follow is decided when the
picture has loaded now. The picture here comes from a server of the test's that holds it back until
told. Headless Chromium."""
from __future__ import annotations

import asyncio
import threading

from aiohttp import web
from selenium.webdriver.common.by import By

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

# the page's socket, kept by the test when the page next sends, to hand it a message as the server would
CATCH_SOCKET = """
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (m) { window.caught = this; return send.call(this, m); };
"""
SCROLLED = """
const list = document.getElementById("messages");
return {top: list.scrollTop, bottom: list.scrollHeight - list.scrollTop - list.clientHeight};
"""


class HeldPicture:
    """A picture served once released (a slow network): its message is on the page before it has loaded."""

    def __init__(self):
        self.released, self.photo = threading.Event(), make_photo(400, 600)

    async def handle(self, request: web.Request) -> web.Response:
        await asyncio.to_thread(self.released.wait, 30)
        return web.Response(body=self.photo, content_type="image/jpeg")

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/held.jpg", self.handle)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        return f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/held.jpg"


def pause(driver, ms: int = 300) -> None:
    driver.execute_script(f"return new Promise((done) => setTimeout(done, {ms}))")


def _picture_arrives(driver, url: str, held: HeldPicture, read_up: bool) -> dict:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 600, "deviceScaleFactor": 1, "mobile": True})
    driver.execute_script(CATCH_SOCKET)
    for _ in range(2):                                  # enough for the list to scroll
        say(driver, "/help")
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.bot")) >= 3)
    pause(driver)
    driver.execute_script("""window.caught.onmessage({data: JSON.stringify(
        {op: "send", id: "held-picture", image: arguments[0], text: "Claude Monet"})})""", url)
    pause(driver)
    before = driver.execute_script(SCROLLED)
    if read_up:                                         # the user scrolls up to read, the picture still loading
        driver.execute_script("document.getElementById('messages').scrollTop = 0")
        pause(driver)
    held.released.set()
    wait(driver, lambda d: d.execute_script(
        "const i = document.querySelector('img[src*=\"held.jpg\"]'); return i && i.complete && i.naturalWidth > 0"))
    pause(driver)
    return {"before": before, "after": driver.execute_script(SCROLLED)}


async def _seen(page, read_up: bool) -> dict:
    held = HeldPicture()
    url = await held.start()
    try:
        return await asyncio.to_thread(_picture_arrives, page, url, held, read_up)
    finally:
        held.released.set()
        await held.runner.cleanup()


async def test_a_user_who_scrolled_up_before_the_picture_loaded_stays_where_they_read(page):
    seen = await _seen(page, read_up=True)
    assert seen["before"]["bottom"] < 80, seen          # it came while they were at the bottom
    assert seen["after"]["top"] == 0, seen              # not pulled down to it once it loaded


async def test_a_user_still_at_the_bottom_is_taken_to_the_loaded_picture(page):
    seen = await _seen(page, read_up=False)
    assert seen["after"]["bottom"] < 80, seen           # (the painting 600 px tall: it grew the list)
