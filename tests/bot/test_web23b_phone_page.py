"""The web chat on a Korean user's phone, in headless Chromium (QA with screenshots): at 320×568 the
page was 337 px wide (it scrolled sideways) and 보내기 broke into three lines, cut off; links and
buttons were 18 to 28 px tall under a finger; there was no dark mode; a line under way was in
italics (a browser slants Hangul, which has none); /mydata's zip link was the browser's blue; the
header's hint took 92 px of the screen all along."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from .test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

# what the page's own words, in Korean, and its parts measure
MEASURE = """
const box = (el) => el.getBoundingClientRect(), send = document.getElementById("send");
return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
        sendText: send.textContent, sendHeight: box(send).height, sendRight: box(send).right,
        sendLine: parseFloat(getComputedStyle(send).lineHeight) || 1.4 * parseFloat(getComputedStyle(send).fontSize),
        sendPadding: parseFloat(getComputedStyle(send).paddingTop) + parseFloat(getComputedStyle(send).paddingBottom),
        hint: box(document.getElementById("hint")).height, header: box(document.querySelector("header")).height,
        cut: document.getElementById("hint").scrollHeight > document.getElementById("hint").clientHeight + 1};
"""


def _korean_at_320(driver) -> dict:
    say(driver, "/lang ko")
    wait(driver, lambda d: d.find_element(By.ID, "send").text == "보내기")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 320, "height": 568, "deviceScaleFactor": 1, "mobile": True})
    driver.execute_script("return new Promise((done) => setTimeout(done, 300))")
    return driver.execute_script(MEASURE)


async def test_at_320_px_nothing_overflows_and_send_is_one_line(page):
    seen = await asyncio.to_thread(_korean_at_320, page)
    assert seen["sendText"] == "보내기", seen
    assert seen["inner"] == 320 and seen["scroll"] <= seen["inner"], seen     # no sideways scroll
    assert seen["sendRight"] <= seen["inner"], seen                # the button whole on the screen
    assert seen["sendHeight"] - seen["sendPadding"] < 1.5 * seen["sendLine"], seen    # one line


