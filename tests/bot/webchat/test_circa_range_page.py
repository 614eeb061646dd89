"""/styles gives each artist's years; one is uncertain ("Kim Hong-do (Danwon) · 단원 김홍도 (1745–c.
1806)"), and on a phone the line broke inside it: "(1745–c." ended a line, "1806)" began the next.
A range with "c." in it stays on one line like any other (test_range_unbroken_page) now, at every
width of the reply. Headless Chromium."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

# the reply narrowed a pixel at a time: the widths where "1745–c. 1806" stands on two lines
SPLIT = """
const reply = [...document.querySelectorAll(".msg.bot .text")].pop(), box = reply.closest(".msg");
const walk = document.createTreeWalker(reply, NodeFilter.SHOW_TEXT), nodes = [];
for (let node; (node = walk.nextNode());) nodes.push(node);
const text = nodes.map((n) => n.data).join("");
const at = (i) => { for (const n of nodes) { if (i <= n.data.length) return [n, i]; i -= n.data.length; } };
const found = [...text.matchAll(/\\d+–c\\. \\d+/g)], split = [];
for (let w = 140; w <= 420; w++) {
  box.style.width = w + "px"; box.style.maxWidth = "none";
  for (const m of found) {
    const r = document.createRange(); r.setStart(...at(m.index)); r.setEnd(...at(m.index + m[0].length));
    if (new Set([...r.getClientRects()].filter((q) => q.width > 0).map((q) => Math.round(q.top))).size > 1) split.push(w + ": " + m[0]);
  }
}
box.style.width = box.style.maxWidth = "";
return {found: found.map((m) => m[0]), split};
"""


async def test_a_circa_range_stays_on_one_line(page):
    def run(driver):
        say(driver, "/styles")
        wait(driver, lambda d: "/leyendecker" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)   # (the welcome names /gogh)
        return driver.execute_script(SPLIT)

    seen = await asyncio.to_thread(run, page)
    assert seen["found"], seen
    assert seen["split"] == [], seen
