""""↩ Reply" (Korean "↩ 답장을") names the link under a painting; the header's hint and the bot's
words (the welcome, "send a photo first") broke the line between the arrow and its word: at 390 px
the hint's line ended "tap Send. ↩" with "Reply under a painting" below it. The arrow goes with its
word now, in the hint and in the bubbles, English and Korean, at phone widths. Headless Chromium."""
from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import pytestmark, say, server, wait, page

__all__ = ["page", "pytestmark", "server"]

# each "↩" with the word after it, where it stands on more than one line
SPLIT = """
const out = [];
for (const root of [document.getElementById("hint"), ...document.querySelectorAll(".msg.bot .text")]) {
  const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT), nodes = [];
  for (let node; (node = walk.nextNode());) nodes.push(node);
  nodes.forEach((node, k) => {
    for (let i = node.data.indexOf("↩"); i >= 0; i = node.data.indexOf("↩", i + 1)) {
      const r = document.createRange(); r.setStart(node, i);
      const rest = node.data.slice(i + 1).match(/^[\\s\\u00a0]*\\S+/);
      if (rest) r.setEnd(node, i + 1 + rest[0].length);
      else { const next = nodes[k + 1]; if (!next) continue; r.setEnd(next, next.data.match(/^[\\s\\u00a0]*\\S*/)[0].length); }
      const tops = new Set([...r.getClientRects()].filter((q) => q.width > 0).map((q) => Math.round(q.bottom)));
      if (tops.size > 1) out.push(root.id || "bubble");
    }
  });
}
return out;
"""


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_reply_arrow_stays_with_its_word(page, lang):
    def run(driver):
        if lang == "ko":
            say(driver, "/lang ko")
            wait(driver, lambda d: d.find_element(By.ID, "send").text == "보내기")
        say(driver, "/start")             # the welcome again, in the language chosen
        wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.bot")) >= (3 if lang == "ko" else 2))
        driver.find_element(By.ID, "hint").click()             # the hint whole
        split = {}
        for width in range(300, 430, 6):
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": width, "height": 844, "deviceScaleFactor": 1, "mobile": True})
            where = driver.execute_script(SPLIT)
            if where:
                split[width] = where
        return split, driver.execute_script("return document.body.classList.contains('hint-open')")

    split, open_ = await asyncio.to_thread(run, page)
    assert open_, "the hint was not open"
    assert split == {}, split
