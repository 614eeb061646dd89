"""A painting's progress line ("🎨 Vincent van Gogh: painting… 50%", "그리는 중… 50%") on a phone: at
some widths the percentage began a line of its own ("painting…" above "50%"), and as it went up each
second it jumped between the lines. The number stays with the word before it now, English and
Korean, at phone widths. Headless Chromium; the fake queue holds the painting in progress."""
from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.by import By

from tests.bot.conftest import FakeQueue, make_photo
from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


@pytest.fixture
def fake_queue():
    return FakeQueue(delay=30.0)         # in progress until the test has looked (finish_now)


# the percentage and the word before it ("painting… 50%"): on more than one line?
SPLIT = """
const line = [...document.querySelectorAll(".msg.bot.progress")].pop(), out = [];
const walk = document.createTreeWalker(line, NodeFilter.SHOW_TEXT), nodes = [];
for (let node; (node = walk.nextNode());) nodes.push(node);
const text = nodes.map((n) => n.data).join(""), m = /\\S+\\s+\\d+%/u.exec(text);
if (!m) return "no percentage: " + text;
const at = (i) => { for (const n of nodes) { if (i <= n.data.length) return [n, i]; i -= n.data.length; } };
const r = document.createRange(); r.setStart(...at(m.index)); r.setEnd(...at(m.index + m[0].length));
return new Set([...r.getClientRects()].filter((q) => q.width > 0).map((q) => Math.round(q.bottom))).size;
"""


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_percentage_stays_with_its_word(page, fake_queue, lang, tmp_path):
    photo = tmp_path / "park.jpg"
    photo.write_bytes(make_photo(120, 90))

    def run(driver):
        if lang == "ko":
            say(driver, "/lang ko")
            wait(driver, lambda d: d.find_element(By.ID, "send").text == "보내기")
        say(driver, "/style gogh", photo)
        wait(driver, lambda d: any("%" in el.text for el in d.find_elements(By.CSS_SELECTOR, ".msg.bot.progress")))
        split = {}
        for width in range(240, 424, 4):
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": width, "height": 844, "deviceScaleFactor": 1, "mobile": True})
            lines = driver.execute_script(SPLIT)
            if lines != 1:
                split[width] = lines
        return split

    try:
        split = await asyncio.to_thread(run, page)
    finally:
        fake_queue.finish_now()
    assert split == {}, split
