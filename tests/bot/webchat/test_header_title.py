"""The page's title "🎨 Paintbot" broke over two lines (the emoji above the name) once the hint beside
it was longer: in Korean, on a phone's screen and on a laptop's alike. It stays on one line now, the
hint wrapping beside it; the Korean hint wraps between words, as the messages do (a phone cut
"놓고" in two). Headless Chromium."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


def _title_lines(driver) -> list[float]:
    say(driver, "/lang ko")
    wait(driver, lambda d: d.find_element(By.ID, "send").text == "보내기")
    heights = []
    for width in (390, 900):
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": 844, "deviceScaleFactor": 1, "mobile": width < 600})
        heights.append(driver.execute_script(
            "const h = document.querySelector('header h1');"
            "return h.getBoundingClientRect().height / parseFloat(getComputedStyle(h).lineHeight);"))
    return heights


async def test_the_title_stays_on_one_line_in_korean(page):
    for lines in await asyncio.to_thread(_title_lines, page):
        assert lines < 1.5, lines


def _hint_words_cut(driver) -> list[str]:
    say(driver, "/lang ko")
    wait(driver, lambda d: d.find_element(By.ID, "send").text == "보내기")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    # (on a phone, once the user has said something, the hint is one line, cut with an ellipsis,
    # until a tap shows it whole: test_phone_page) shown whole
    if driver.execute_script("return document.body.classList.contains('talking')"):
        driver.find_element(By.ID, "hint").click()
    # each Hangul word on one line (as in the messages): a word cut in two has two boxes
    return driver.execute_script("""
        const out = [], walk = document.createTreeWalker(document.getElementById('hint'), NodeFilter.SHOW_TEXT);
        for (let node; (node = walk.nextNode());) {
          const re = /[가-힣]+/g; let m;
          while ((m = re.exec(node.data))) {
            const r = document.createRange(); r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
            if (r.getClientRects().length > 1) out.push(m[0]);
          }
        }
        return out;""")


async def test_the_korean_hint_wraps_between_words(page):
    # "끌어다 놓고" broke as "놓" / "고" on a phone
    assert await asyncio.to_thread(_hint_words_cut, page) == []
