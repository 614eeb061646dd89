"""/styles names "J. C. Leyendecker" and "J. M. W. Turner"; on a phone (Korean, 360 px) the line broke
between the initials, "J." ending one line and "C. Leyendecker" beginning the next. Initials stay
with the name after them now, at every width of the reply, English and Korean. Headless Chromium."""
from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

# the reply narrowed a pixel at a time: the widths where initials and their name ("J. C. Leyendecker",
# "J. C. 레이엔데커") stand on two lines
SPLIT = """
const reply = [...document.querySelectorAll(".msg.bot .text")].pop(), box = reply.closest(".msg");
const walk = document.createTreeWalker(reply, NodeFilter.SHOW_TEXT), nodes = [];
for (let node; (node = walk.nextNode());) nodes.push(node);
const text = nodes.map((n) => n.data).join("");
const at = (i) => { for (const n of nodes) { if (i <= n.data.length) return [n, i]; i -= n.data.length; } };
const found = [...text.matchAll(/(?:\\p{Lu}\\. )+\\p{L}[\\p{L}-]*/gu)], split = [];
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


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_initials_stay_with_the_name(page, lang):
    def run(driver):
        if lang == "ko":
            say(driver, "/lang ko")
            wait(driver, lambda d: d.find_element(By.ID, "send").text == "보내기")
        say(driver, "/styles")
        wait(driver, lambda d: "/leyendecker" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)   # (the welcome names /gogh)
        return driver.execute_script(SPLIT)

    seen = await asyncio.to_thread(run, page)
    assert {"J. C. Leyendecker", "J. M. W. Turner"} <= set(seen["found"]), seen
    assert seen["split"] == [], seen
