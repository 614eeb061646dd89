"""On a phone, once the user has said something, the header's hint is one line (a tap shows it
whole). CSS's ellipsis cut that line anywhere: in the middle of a word, a Hangul one too ("끌어다
놓…"). The line now ends between words, at 320 and 390 px, in English and Korean, with a "…" after
it (its own, not the browser's) that the words never run under. Headless Chromium."""
from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

# each word of the hint (between spaces): wholly shown on the line, or wholly hidden under it; the
# line's "…" is after the last word shown, not over it
WORDS_SHOWN = """
const hint = document.getElementById("hint"), box = hint.getBoundingClientRect(), style = getComputedStyle(hint);
const more = document.getElementById("more"), dots = Boolean(more && more.offsetParent && more.textContent.includes("…"));
const right = Math.min(box.right - parseFloat(style.paddingRight), dots ? more.getBoundingClientRect().left : Infinity);
const words = [], walk = document.createTreeWalker(hint, NodeFilter.SHOW_TEXT);
for (let node; (node = walk.nextNode());) {
  const re = /\\S+/g; let m;
  while ((m = re.exec(node.data))) {
    const r = document.createRange(); r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
    const rects = [...r.getClientRects()].filter((q) => q.width > 0);
    const inside = rects.filter((q) => q.top >= box.top - 1 && q.bottom <= box.top + hint.clientHeight + 1);
    words.push({word: m[0], shown: inside.length === rects.length && rects.length > 0,
                hidden: inside.length === 0, fits: rects.every((q) => q.right <= right + 0.5)});
  }
}
// the browser's own ellipsis (line-clamp, text-overflow) is drawn over the line's last letters,
// whatever they are: a word's rectangles do not show it
const browserDots = style.webkitLineClamp !== "none" || style.textOverflow === "ellipsis";
return {words, dots, browserDots, height: box.height, cut: hint.scrollHeight > hint.clientHeight + 1,
        lines: hint.clientHeight / (parseFloat(style.lineHeight) || 1.4 * parseFloat(style.fontSize))};
"""


def _collapsed(driver, lang: str, width: int) -> dict:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    say(driver, "/lang " + lang)
    wait(driver, lambda d: d.find_element(By.ID, "send").text == ("보내기" if lang == "ko" else "Send"))
    wait(driver, lambda d: d.execute_script("return document.body.classList.contains('talking')"))
    driver.execute_script("return new Promise((done) => setTimeout(done, 200))")
    return driver.execute_script(WORDS_SHOWN)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("width", [320, 390])
async def test_the_one_line_hint_ends_between_words(page, lang, width):
    seen = await asyncio.to_thread(_collapsed, page, lang, width)
    assert seen["cut"] and seen["lines"] < 1.5, seen             # one line of it, the rest a tap away
    shown = [w for w in seen["words"] if w["shown"]]
    assert shown, seen
    halves = [w["word"] for w in seen["words"] if not (w["shown"] or w["hidden"]) or (w["shown"] and not w["fits"])]
    assert halves == [], seen                                    # no word cut, nor run under the "…"
    assert seen["dots"] and not seen["browserDots"], seen        # it says there is more, after a word
    # the words shown are the hint's first ones, in order: a line, not a patchwork
    flags = [w["shown"] for w in seen["words"]]
    assert flags == sorted(flags, reverse=True), seen


def _opened(driver) -> dict:
    _collapsed(driver, "ko", 320)
    driver.find_element(By.ID, "hint").click()
    return driver.execute_script(WORDS_SHOWN)


async def test_a_tap_shows_every_word_and_no_dots(page):
    seen = await asyncio.to_thread(_opened, page)
    assert all(w["shown"] for w in seen["words"]) and not seen["cut"], seen
    assert not seen["dots"], seen
    assert page.find_element(By.ID, "more").get_attribute("aria-hidden") == "true"     # (aria-expanded says it)


def _dots_tapped(driver) -> bool:
    _collapsed(driver, "en", 390)
    driver.find_element(By.ID, "more").click()
    return driver.execute_script("return document.body.classList.contains('hint-open')")


async def test_a_tap_on_the_dots_opens_it_too(page):
    assert await asyncio.to_thread(_dots_tapped, page)
