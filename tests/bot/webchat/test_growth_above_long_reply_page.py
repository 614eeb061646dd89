"""A reply taller than the screen is shown from its top (toNewest), and the page keeps following
from there. Content growing above it (an older message's words said again in the user's new
language, a picture loading) made Chromium's scroll anchoring move the list along with the reply,
and that move was taken for the user's own scroll: the page stopped following, and the next
message of the bot's (a painting finished, unasked for at that moment) came in below the screen,
unseen. Headless Chromium."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.webchat.test_picture_load_follow_page import CATCH_SOCKET, pause
from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

NEWEST_TOP = """
const list = document.getElementById("messages"), shown = [...list.children].filter((el) => !el.hidden);
const at = (el) => el.getBoundingClientRect().top - list.getBoundingClientRect().top;
return {newest: at(shown[shown.length - 1]), height: list.clientHeight, count: shown.length};
"""


def _grown_above(driver) -> dict:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 420, "deviceScaleFactor": 1, "mobile": True})
    driver.execute_script(CATCH_SOCKET)
    say(driver, "/help")
    wait(driver, lambda d: "/style" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    pause(driver)
    shown_from_top = driver.execute_script(NEWEST_TOP)
    # an older message grows (the reply stays where it is on the screen: the browser anchors it)
    driver.execute_script("document.querySelector('#messages .msg').style.paddingTop = '300px'")
    pause(driver)
    # the bot's next message, as the server sends it (one of the user's own is always scrolled to)
    driver.execute_script("""window.caught.onmessage({data: JSON.stringify(
        {op: "send", id: "next-message", text: "✅ Claude Monet: done in 3 s"})})""")
    pause(driver)
    return {"from top": shown_from_top, "after": driver.execute_script(NEWEST_TOP)}


async def test_content_growing_above_a_long_reply_shown_from_its_top_keeps_the_page_following(page):
    seen = await asyncio.to_thread(_grown_above, page)
    assert abs(seen["from top"]["newest"] - 8) < 2, seen             # the long reply from its top
    assert 0 <= seen["after"]["newest"] < seen["after"]["height"], seen    # the answer that came next in view
