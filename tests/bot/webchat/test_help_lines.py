"""The Korean help (/도움말) on a phone's screen had lines starting with ", ": its command words
("/도움말, /스타일 화가, ...") are links (buttons), and the browser broke the line between such a
button and the comma after it. Now a command and the punctuation right after it stay on one line."""
from __future__ import annotations

import asyncio

from tests.bot.webchat import test_webchat_page
from tests.bot.webchat.test_webchat_page import say, wait

page, server = test_webchat_page.page, test_webchat_page.server       # (the fixtures)
pytestmark = test_webchat_page.pytestmark                           # (a browser: skipped without one)

# each line of the reply's text as drawn: its first character, and the text it starts with
LINE_STARTS = """
const p = [...document.querySelectorAll('.msg.bot .text')].pop(), starts = [];
let lastTop = null;
const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  for (let i = 0; i < n.data.length; i++) {
    if (/\\s/.test(n.data[i])) continue;
    const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
    const top = r.getBoundingClientRect().top;
    if (lastTop === null || top > lastTop + 4) starts.push(n.data.slice(i, i + 12));
    lastTop = top;
  }
  const button = n.nextSibling;        // a command's button: the line may start there too
  if (button && button.nodeType === 1) {
    const top = button.getBoundingClientRect().top;
    if (lastTop === null || top > lastTop + 4) starts.push(button.textContent);
    lastTop = top;
  }
}
return starts;
"""


def _help_line_starts(driver, words: str) -> list[str]:
    from selenium.webdriver.common.by import By
    say(driver, words)
    wait(driver, lambda d: "/기록삭제" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text
         or "/forgetme" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text and words == "/help")
    return driver.execute_script(LINE_STARTS)


def _commas_starting_lines(driver) -> dict:
    """Screen width -> the lines of the help starting with punctuation, over phones' to a laptop's
    (a break falls after a command at some widths only)."""
    starts = _help_line_starts(driver, "/도움말")
    assert len(starts) > 10                     # (the lines were read)
    found = {}
    for width in range(280, 900, 7):
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        if bad := [s for s in driver.execute_script(LINE_STARTS) if s[0] in ",.;:)"]:
            found[width] = bad
    return found


async def test_no_line_of_the_korean_help_starts_with_a_comma(page):
    assert await asyncio.to_thread(_commas_starting_lines, page) == {}
