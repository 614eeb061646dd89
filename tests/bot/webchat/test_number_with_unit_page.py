"""A time in the bot's words on a phone ("done in 1.4 s.", "takes about 1 s", "2 min 33 s"): the
line broke between the number and its unit, "1.4" ending one line and "s." beginning the next
(seen at 360 px). A number stays with its unit now. /status's "about 1 s" from the fake queue, at
phone widths. Headless Chromium."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

# each number and the unit after it ("1 s", "1.4 s", "2 min") in the last reply: on two lines?
SPLIT = """
const reply = [...document.querySelectorAll(".msg.bot .text")].pop(), out = [];
const walk = document.createTreeWalker(reply, NodeFilter.SHOW_TEXT), nodes = [];
for (let node; (node = walk.nextNode());) nodes.push(node);
const text = nodes.map((n) => n.data).join("");
const at = (i) => { for (const n of nodes) { if (i <= n.data.length) return [n, i]; i -= n.data.length; } };
for (const m of text.matchAll(/\\d+(?:\\.\\d+)?[ \\u00a0](?:s|min|h)\\b/g)) {
  const r = document.createRange(); r.setStart(...at(m.index)); r.setEnd(...at(m.index + m[0].length));
  if (new Set([...r.getClientRects()].filter((q) => q.width > 0).map((q) => Math.round(q.bottom))).size > 1) out.push(m[0]);
}
return {text, split: out};
"""


async def test_a_number_stays_with_its_unit(page):
    def run(driver):
        say(driver, "/status")
        wait(driver, lambda d: "Queue:" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
        split, text = {}, ""
        for width in range(240, 424, 2):
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": width, "height": 844, "deviceScaleFactor": 1, "mobile": True})
            seen = driver.execute_script(SPLIT)
            text = seen["text"]
            if seen["split"]:
                split[width] = seen["split"]
        return text, split

    text, split = await asyncio.to_thread(run, page)
    assert "about 1.0 s" in text, text
    assert split == {}, split
