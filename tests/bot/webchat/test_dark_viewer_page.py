"""Dark mode's "Full size" viewer (review of 8d6e58d): its close button ✕ is a light circle on
the black backdrop, and its words took the dark scheme's button colour, white: a white ✕ on a
near-white circle (contrast 1.3), the one way out of the viewer under a finger invisible."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_phone_page import contrast
from tests.bot.webchat.test_webchat_page import page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

# the ✕'s colour and its circle's, that circle laid over the viewer's own background
SHUT = """
const rgba = (c) => c.match(/[\\d.]+/g).map(Number);
const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4; };
                             return .2126 * f(r) + .7152 * f(g) + .0722 * f(b); };
const shut = getComputedStyle(document.getElementById("shut")), under = rgba(getComputedStyle(document.getElementById("viewer")).backgroundColor);
const [r, g, b, a = 1] = rgba(shut.backgroundColor);
const circle = [r, g, b].map((v, i) => a * v + (1 - a) * under[i]);
return [lum(circle), lum(rgba(shut.color))];
"""


async def test_in_dark_mode_the_full_size_viewers_close_button_is_readable(page, tmp_path):
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo(160, 120))

    def run(driver):
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                               {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        say(driver, "/style monet", photo)
        wait(driver, lambda d: paintings(d))
        driver.find_element(By.CSS_SELECTOR, ".tools button.full").click()
        wait(driver, lambda d: d.execute_script("return document.getElementById('viewer').open"))
        return driver.execute_script(SHUT)

    seen = await asyncio.to_thread(run, page)
    assert contrast(seen) >= 4.5, seen
