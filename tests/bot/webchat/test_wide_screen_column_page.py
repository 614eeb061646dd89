"""On a laptop the chat was stretched over the whole width: the user's bubbles at the right edge of
a 1440 px screen, the bot's at the left, the message box 1300 px long. The messages and the box are
a centred column, 800 px at most, now; a phone keeps its whole width. Headless Chromium."""
from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

EDGES = """
const box = (el) => el.getBoundingClientRect();
const bot = [...document.querySelectorAll(".msg.bot")].pop(), me = [...document.querySelectorAll(".msg.me")].pop();
return {width: window.innerWidth, botLeft: box(bot).left, meRight: box(me).right,
        textLeft: box(document.querySelector("label.file")).left, sendRight: box(document.getElementById("send")).right};
"""


def _edges(driver, width: int) -> dict:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 600})
    say(driver, "/size small")
    wait(driver, lambda d: "384" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    return driver.execute_script(EDGES)


@pytest.mark.parametrize("width", [1440, 1024])
async def test_on_a_wide_screen_the_chat_is_a_centred_column(page, width):
    seen = await asyncio.to_thread(_edges, page, width)
    left, right = (width - 800) / 2, (width + 800) / 2
    for edge in ("botLeft", "textLeft"):
        assert left - 1 <= seen[edge] <= left + 20, (edge, seen)
    for edge in ("meRight", "sendRight"):
        assert right - 20 <= seen[edge] <= right + 1, (edge, seen)


async def test_a_phone_keeps_its_whole_width(page):
    seen = await asyncio.to_thread(_edges, page, 390)
    assert seen["botLeft"] <= 16 and seen["textLeft"] <= 16, seen
    assert seen["meRight"] >= 390 - 16 - 1 and seen["sendRight"] >= 390 - 16 - 1, seen
