"""/styles names each artist in both languages, "/gogh — Vincent van Gogh · 빈센트 반 고흐 (1853–1890)",
and on a phone a line began with the "·" between them (the line before ended "Gogh", the next
began "· 빈센트"). The dot stays at the end of the line with the name before it now, at every width
of the reply, English and Korean. Headless Chromium."""
from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

# the reply narrowed a few pixels at a time: the widths where a "·" begins a line (its left edge
# at the text's left, below the first line)
STARTS = """
const reply = [...document.querySelectorAll(".msg.bot .text")].pop(), box = reply.closest(".msg");
const walk = document.createTreeWalker(reply, NodeFilter.SHOW_TEXT), dots = [];
for (let node; (node = walk.nextNode());)
  for (let i = node.data.indexOf("·"); i >= 0; i = node.data.indexOf("·", i + 1)) dots.push([node, i]);
const starts = [];
for (let w = 140; w <= 420; w += 2) {
  box.style.width = w + "px"; box.style.maxWidth = "none";
  const left = reply.getBoundingClientRect().left;
  for (const [node, i] of dots) {
    const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
    const q = [...r.getClientRects()].find((q) => q.width > 0);
    if (q && q.left - left < 2) starts.push(w + ": " + node.data.slice(i, i + 12));
  }
}
box.style.width = box.style.maxWidth = "";
return {dots: dots.length, starts};
"""


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_middle_dot_does_not_begin_a_line(page, lang):
    def run(driver):
        if lang == "ko":
            say(driver, "/lang ko")
            wait(driver, lambda d: d.find_element(By.ID, "send").text == "보내기")
        say(driver, "/styles")
        wait(driver, lambda d: "/leyendecker" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
        return driver.execute_script(STARTS)

    seen = await asyncio.to_thread(run, page)
    assert seen["dots"] >= 10, seen
    assert seen["starts"] == [], seen["starts"][:20]
