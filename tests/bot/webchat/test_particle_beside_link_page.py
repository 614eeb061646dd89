"""A Korean particle glued after a command link ("/help로", "/기록삭제를") stays on the link's line:
the page kept only punctuation with a link, and a link is a button, which the browser may break a
line after, so at some widths "로" began the next line alone. Each width of the bubble from 160 to
560 px is tried. Headless Chromium."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from bot.chat import Reply

from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

GLUED = ("전체 명령어 목록은 /help로 볼 수 있고, 저장된 기록은 언제든지 /기록삭제를 보내면 모두 지워요. "
         "설정은 /settings에서 바꿔요.")

# for each link in the bubble: the character right after it, and the widths (px) of the bubble at
# which that character is not on the link's line
BROKEN_WIDTHS = """
const bubble = arguments[0], text = bubble.querySelector(".text"), seen = {};
const links = [...text.querySelectorAll("button.command")];
bubble.style.maxWidth = "none";
const marks = links.map((link) => {
  const walk = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  let after = null;
  for (let n; (n = walk.nextNode());) {
    if (!link.contains(n) && (link.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING) && n.length) { after = n; break; }
  }
  const mark = document.createRange(); mark.setStart(after, 0); mark.setEnd(after, 1);
  seen[link.textContent] = {after: mark.toString(), broken: []};
  return [link, mark];
});
for (let w = 160; w <= 560; w += 2) {
  bubble.style.width = w + "px";
  for (const [link, mark] of marks) {
    const a = mark.getBoundingClientRect(), b = link.getBoundingClientRect();
    if (Math.abs((a.top + a.bottom) / 2 - (b.top + b.bottom) / 2) > 4) seen[link.textContent].broken.push(w);
  }
}
return seen;
"""


def _glued(driver) -> dict:
    say(driver, "/glued")
    wait(driver, lambda d: "/기록삭제" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    bubble = driver.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1]
    return {"words": bubble.find_element(By.CSS_SELECTOR, ".text").text,
            "lines": driver.execute_script(BROKEN_WIDTHS, bubble)}


async def test_a_particle_glued_after_a_link_stays_on_its_line(page, layer):
    handle = layer.handle

    async def glued_particles(req, out):
        if req.text == "/glued":
            return await out.send(Reply(GLUED))
        return await handle(req, out)

    layer.handle = glued_particles
    seen = await asyncio.to_thread(_glued, page)
    assert seen["words"] == GLUED, seen                                   # the words read as before
    lines = seen["lines"]
    assert set(lines) == {"/help", "/기록삭제", "/settings"}, seen
    assert {k: v["after"] for k, v in lines.items()} == {"/help": "로", "/기록삭제": "를", "/settings": "에"}, seen
    assert all(not v["broken"] for v in lines.values()), seen
