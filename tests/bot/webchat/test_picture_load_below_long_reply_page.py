"""A picture that loads above the newest message, while the user follows the conversation, kept
them following by toNewest(): the newest message from its top. One who had read a long newest
reply (/help, taller than the screen) to its end was taken back to its top when an older picture
(a painting on a slow network) finished loading. The end stays in view now; a picture of the
newest message itself is still shown from its top (test_picture_load_follow_page.py). Headless
Chromium, the picture from a server of the test's that holds it back until told."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.webchat.test_picture_load_follow_page import CATCH_SOCKET, SCROLLED, HeldPicture, pause
from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

LOADED = "const i = document.querySelector('img[src*=\"held.jpg\"]'); return i && i.complete && i.naturalWidth > 0"


def _read_to_its_end(driver, url: str, held: HeldPicture) -> dict:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 600, "deviceScaleFactor": 1, "mobile": True})
    driver.execute_script(CATCH_SOCKET)
    say(driver, "/status")
    wait(driver, lambda d: "Queue" in d.find_element(By.ID, "messages").text)
    driver.execute_script("""window.caught.onmessage({data: JSON.stringify(
        {op: "send", id: "held-picture", image: arguments[0], text: "Claude Monet"})})""", url)
    say(driver, "/help")                               # taller than the screen: shown from its top
    wait(driver, lambda d: "/style" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    pause(driver)
    driver.execute_script("const l = document.getElementById('messages'); l.scrollTop = l.scrollHeight")
    pause(driver)                                      # read to its end
    before = driver.execute_script(SCROLLED)
    held.released.set()
    wait(driver, lambda d: d.execute_script(LOADED))
    pause(driver)
    return {"before": before, "after": driver.execute_script(SCROLLED)}


async def test_a_user_who_read_a_long_reply_to_its_end_stays_there_as_an_older_picture_loads(page):
    held = HeldPicture()
    url = await held.start()
    try:
        seen = await asyncio.to_thread(_read_to_its_end, page, url, held)
    finally:
        held.released.set()
        await held.runner.cleanup()
    assert seen["before"]["bottom"] < 2, seen
    assert seen["after"]["bottom"] < 80, seen          # not back at the reply's top
