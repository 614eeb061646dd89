"""The header's hint cut to one line on a phone (once the user has said something) ended in the
middle of a command in English ("type /style …") and, in Korean, with a gap before its "…" (the
line's box as wide as the header, its words ending early). The command goes whole with the word
before it ("type /style gogh,") or after it ("/style gogh 를"), and the "…" right after the line's
last word. The companion of test_hint_cut_page (no word cut). Headless Chromium."""
from __future__ import annotations

import asyncio

import pytest

from tests.bot.webchat.test_hint_cut_page import _collapsed
from tests.bot.webchat.test_webchat_page import page, pytestmark, server

__all__ = ["page", "pytestmark", "server"]

# the command (<code>) shown whole or not at all, and the room between the last word shown and "…"
LINE = """
const hint = document.getElementById("hint"), box = hint.getBoundingClientRect(), more = document.getElementById("more");
const shownRects = (node) => { const r = document.createRange(); r.selectNodeContents(node);
  return [...r.getClientRects()].filter((q) => q.width > 0).map((q) => q.bottom <= box.top + hint.clientHeight + 1); };
const code = hint.querySelector("code"), parts = shownRects(code);
let right = box.left;
const walk = document.createTreeWalker(hint, NodeFilter.SHOW_TEXT);
for (let node; (node = walk.nextNode());) {
  const r = document.createRange(); r.selectNodeContents(node);
  for (const q of r.getClientRects()) if (q.width > 0 && q.bottom <= box.top + hint.clientHeight + 1) right = Math.max(right, q.right);
}
return {codeWhole: parts.every(Boolean) || !parts.some(Boolean), gap: more.getBoundingClientRect().left - right,
        line: hint.innerText.slice(0, 40)};
"""


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("width", [320, 360, 390])
async def test_the_one_line_hint_keeps_its_command_whole_and_its_dots_close(page, lang, width):
    def run(driver):
        _collapsed(driver, lang, width)
        return driver.execute_script(LINE)

    seen = await asyncio.to_thread(run, page)
    assert seen["codeWhole"], seen
    assert -1 <= seen["gap"] <= 8, seen
