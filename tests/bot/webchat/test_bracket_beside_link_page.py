"""/addstyle's confirmation on a laptop (1280 px) broke its line between "(" and the
"/communitystyles" link after it ("… in the background (" / "/communitystyles shows the
progress)"): a command link is a button, which the browser may break a line before. An opening
bracket goes with the link after it, on one line, at whatever width the bubble has. Headless
Chromium."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

# the widths (px) of the bubble at which the character before the /communitystyles link is not on
# the link's line, and that character
BROKEN_WIDTHS = """
const bubble = arguments[0], link = [...bubble.querySelectorAll(".text button.command")]
  .find((b) => b.textContent === "/communitystyles");
const walk = document.createTreeWalker(bubble.querySelector(".text"), NodeFilter.SHOW_TEXT);
let before = null;
for (let n; (n = walk.nextNode());) { if (link.contains(n)) break; if (n.length) before = n; }
const mark = document.createRange(); mark.setStart(before, before.length - 1); mark.setEnd(before, before.length);
const broken = [];
bubble.style.maxWidth = "none";
for (let w = 160; w <= 560; w += 2) {
  bubble.style.width = w + "px";
  const a = mark.getBoundingClientRect(), b = link.getBoundingClientRect();
  if (Math.abs((a.top + a.bottom) / 2 - (b.top + b.bottom) / 2) > 4) broken.push(w);
}
return {before: mark.toString(), broken};
"""


class Training:
    """A style trainer that takes every style in its line (the confirmation then says so, with
    "(/communitystyles shows the progress)")."""
    running = True

    async def enqueue(self, style_id) -> bool:
        return True


def _confirmation(driver, tmp_path) -> dict:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 1280, "height": 720, "deviceScaleFactor": 1, "mobile": False})
    painting = tmp_path / "ink.jpg"
    painting.write_bytes(make_photo(160, 120))
    say(driver, "/addstyle Golden Age", painting)
    wait(driver, lambda d: "/communitystyles" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    return driver.execute_script(BROKEN_WIDTHS, driver.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1])


async def test_an_opening_bracket_stays_on_the_line_of_the_link_after_it(page, layer, tmp_path):
    layer.trainer = Training()
    seen = await asyncio.to_thread(_confirmation, page, tmp_path)
    assert seen["before"] == "(", seen
    assert seen["broken"] == [], seen
