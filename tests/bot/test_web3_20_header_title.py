"""The page's title "🎨 Paintbot" broke over two lines (the emoji above the name) once the hint beside
it was longer: in Korean, on a phone's screen and on a laptop's alike. It stays on one line now, the
hint wrapping beside it. Headless Chromium."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from .test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


def _title_lines(driver) -> list[float]:
    say(driver, "/lang ko")
    wait(driver, lambda d: d.find_element(By.ID, "send").text == "보내기")
    heights = []
    for width in (390, 900):
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": 844, "deviceScaleFactor": 1, "mobile": width < 600})
        heights.append(driver.execute_script(
            "const h = document.querySelector('header h1');"
            "return h.getBoundingClientRect().height / parseFloat(getComputedStyle(h).lineHeight);"))
    return heights


async def test_the_title_stays_on_one_line_in_korean(page):
    for lines in await asyncio.to_thread(_title_lines, page):
        assert lines < 1.5, lines
