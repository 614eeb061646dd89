"""On a phone, once the user has said something, the header's hint is one line; at 390 px that line
was "Add a photo with 📷 (or drop it here)," and no /style example, which the laptop's hint shows.
The one line begins with a short example of its own now, shown whole on it, in English and Korean,
down to 360 px; a tap shows the whole hint as before. Headless Chromium."""
from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.by import By

from tests.bot.webchat.test_hint_cut_page import _collapsed
from tests.bot.webchat.test_webchat_page import page, pytestmark, server

__all__ = ["page", "pytestmark", "server"]

# the words on the hint's one line (a word counts whole or not at all)
ON_THE_LINE = """
const hint = document.getElementById("hint"), box = hint.getBoundingClientRect(), words = [];
const walk = document.createTreeWalker(hint, NodeFilter.SHOW_TEXT);
for (let node; (node = walk.nextNode());) {
  const re = /\\S+/g; let m;
  while ((m = re.exec(node.data))) {
    const r = document.createRange(); r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
    const rects = [...r.getClientRects()].filter((q) => q.width > 0);
    if (rects.length && rects.every((q) => q.top >= box.top - 1 && q.bottom <= box.top + hint.clientHeight + 1)) words.push(m[0]);
  }
}
return words.join(" ");
"""


@pytest.mark.parametrize("lang, width, ends", [("en", 390, "Enter."), ("en", 360, "Enter."),
                                               ("ko", 390, "Enter."), ("ko", 360, "Enter.")])
async def test_the_one_line_hint_shows_a_style_example_whole(page, lang, width, ends):
    def run(driver):
        _collapsed(driver, lang, width)
        return driver.execute_script(ON_THE_LINE)

    line = await asyncio.to_thread(run, page)
    assert "/style gogh" in line, line
    example = line.split("/style gogh", 1)[1]
    assert ends in example.split()[:2], line                    # the short example whole on the line


async def test_under_a_finger_the_example_says_send_and_a_tap_shows_the_whole_hint(page):
    def run(driver):
        driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
        line = {"ko": None, "open": None}
        line["ko"] = _collapsed(driver, "ko", 360) and driver.execute_script(ON_THE_LINE)
        driver.find_element(By.ID, "hint").click()
        line["open"] = driver.find_element(By.ID, "hint").get_attribute("textContent")
        return line

    line = await asyncio.to_thread(run, page)
    assert "/style gogh + 보내기." in line["ko"], line
    assert line["open"].startswith("📷로 사진을 고르고"), line      # the whole hint, as it was
