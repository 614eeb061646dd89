"""A range of numbers in a reply ("화가 2–4명", "그림 1–10장") was cut after its dash at some widths:
"2–" ended a line, "4명" began the next. At every width of the reply now, each range and the word
on it stand on one line; the reply's words are as they were. Headless Chromium."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from bot.messages import t

from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

# the reply narrowed a pixel at a time: the widths where a range ("2–4명") is on two lines
SPLIT = """
const reply = [...document.querySelectorAll(".msg.bot .text")].pop(), box = reply.closest(".msg");
const ranges = () => {
  const found = [], walk = document.createTreeWalker(reply, NodeFilter.SHOW_TEXT);
  for (let node; (node = walk.nextNode());) for (const m of node.data.matchAll(/\\d+–\\d+[\\p{L}%]*/gu)) {
    const r = document.createRange(); r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
    found.push({range: m[0], tops: new Set([...r.getClientRects()].filter((q) => q.width > 0).map((q) => Math.round(q.top)))});
  }
  return found;
};
const split = [], seen = new Set();
for (let w = 140; w <= 420; w++) {
  box.style.width = w + "px"; box.style.maxWidth = "none";
  for (const f of ranges()) { seen.add(f.range); if (f.tops.size > 1) split.push(w + ": " + f.range); }
}
box.style.width = box.style.maxWidth = "";
return {split, seen: [...seen], text: reply.textContent};
"""


def _help_narrowed(driver) -> dict:
    say(driver, "/lang ko")
    wait(driver, lambda d: d.find_element(By.ID, "send").text == "보내기")
    say(driver, "/help")
    wait(driver, lambda d: "2–4명" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    return driver.execute_script(SPLIT)


async def test_a_range_of_numbers_is_never_cut_after_its_dash(page):
    seen = await asyncio.to_thread(_help_narrowed, page)
    assert "2–4명" in seen["seen"] and "1–10장" in seen["seen"], seen
    assert seen["split"] == [], seen
    assert "2–4명" in seen["text"] and "화가 2–4명" in t("ko", "help"), seen      # the words as they were
