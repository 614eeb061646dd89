"""On a laptop the messages' column sat about 15 px off the message box's: the column's sides are
from 100vw, and the list's scrollbar (a laptop's takes room, a phone's is drawn over the page) is
inside the list, so its right edge was 15 px left of the box's. The list and the box keep the same
gutter now. Measured at 1280×800 with enough messages for a scrollbar. Headless Chromium."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

EDGES = """
const box = (el) => el.getBoundingClientRect(), list = document.getElementById("messages");
const bot = [...document.querySelectorAll(".msg.bot")].pop(), me = [...document.querySelectorAll(".msg.me")].pop();
return {scrollbar: list.offsetWidth - list.clientWidth, scrolls: list.scrollHeight > list.clientHeight,
        botLeft: box(bot).left, meRight: box(me).right,
        fileLeft: box(document.querySelector("label.file")).left, sendRight: box(document.getElementById("send")).right};
"""


def _edges(driver) -> dict:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    for n in range(3):
        say(driver, "/help")
        wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.bot")) >= n + 2)
    say(driver, "/size small")
    wait(driver, lambda d: "384" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    return driver.execute_script(EDGES)


async def test_the_messages_and_the_box_line_up_beside_a_scrollbar(page):
    seen = await asyncio.to_thread(_edges, page)
    assert seen["scrolls"] and seen["scrollbar"] > 0, seen     # a laptop's scrollbar, taking room
    assert abs(seen["meRight"] - seen["sendRight"]) <= 1, seen
    assert abs(seen["botLeft"] - seen["fileLeft"]) <= 1, seen
