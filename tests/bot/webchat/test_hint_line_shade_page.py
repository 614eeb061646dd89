"""The phone's one-line hint begins with its short example ("📷 + /style gogh + Send.") in a span of
its own (kept from screen readers, test_hint_name_once_page); the header's rule for its spans faded
that one again (opacity .7 inside the hint's .7): the example was dimmer than the words after it.
All the hint's words one shade and size now, English and Korean. Headless Chromium."""
from __future__ import annotations

import asyncio

import pytest

from tests.bot.webchat.test_hint_cut_page import _collapsed
from tests.bot.webchat.test_webchat_page import page, pytestmark, server

__all__ = ["page", "pytestmark", "server"]

# each text node's opacity as drawn (its own and its ancestors', up to the header), and its size
SHADES = """
const hint = document.getElementById("hint"), out = [];
const walk = document.createTreeWalker(hint, NodeFilter.SHOW_TEXT);
for (let node; (node = walk.nextNode());) {
  if (!node.data.trim()) continue;
  let o = 1;
  for (let el = node.parentElement; el && el.tagName !== "HEADER"; el = el.parentElement) o *= parseFloat(getComputedStyle(el).opacity);
  out.push({text: node.data.trim().slice(0, 12), opacity: Math.round(o * 100) / 100,
            size: node.parentElement.closest("code") ? null : getComputedStyle(node.parentElement).fontSize});
}
return out;
"""


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_hint_is_one_shade_and_size_throughout(page, lang):
    def run(driver):
        _collapsed(driver, lang, 390)
        return driver.execute_script(SHADES)

    seen = await asyncio.to_thread(run, page)
    assert len(seen) > 3, seen
    assert {s["opacity"] for s in seen} == {0.7}, seen           # the example at 0.49 on the old page
    assert len({s["size"] for s in seen if s["size"]}) == 1, seen
