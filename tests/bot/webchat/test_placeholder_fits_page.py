"""At 360 px the Korean placeholder was cut ("/style gogh — 또는 /hel"): the message box shows a
shorter one where the whole does not fit, and the whole where it does. Headless Chromium."""
from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

# the placeholder typed into the box: wider than the box, it scrolls (the placeholder was cut there)
FITS = """
const box = document.getElementById("text"), said = box.placeholder;
box.value = said; const over = box.scrollWidth > box.clientWidth; box.value = "";
return {said, over};
"""


def _placeholder(driver, lang: str, width: int) -> dict:
    say(driver, "/lang " + lang)
    wait(driver, lambda d: d.find_element(By.ID, "send").text == ("보내기" if lang == "ko" else "Send"))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": True})
    driver.execute_script("return new Promise((done) => setTimeout(done, 300))")
    return driver.execute_script(FITS)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("width", [320, 360, 390])
async def test_the_placeholder_is_never_cut(page, lang, width):
    seen = await asyncio.to_thread(_placeholder, page, lang, width)
    assert "/style gogh" in seen["said"] and not seen["over"], seen


@pytest.mark.parametrize(("lang", "whole"), [("en", "/style gogh — or /help"), ("ko", "/style gogh — 또는 /help")])
async def test_a_wide_screen_has_the_whole_placeholder(page, lang, whole):
    seen = await asyncio.to_thread(_placeholder, page, lang, 800)
    assert seen == {"said": whole, "over": False}, seen
