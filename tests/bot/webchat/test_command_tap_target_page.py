"""A command named in a reply's words ("/styles lists every artist") is a link to tap; on a phone it
was 27 px tall, hard to hit with a finger. Under a finger (pointer: coarse) it is 32 px tall now
(it was 44, with the lines of a reply naming a command 33 px apart and the others 21: uneven, and
/help three screens long), by padding taken back with a negative margin: the lines of words stand
as they did, 24 px apart in every reply, and the link above the words around it. A tap on its word
runs it, never the command on the line below, whose box reached over the lower half of its letters
(lines 27 px apart). Headless Chromium with touch emulation."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

MEASURE = """
const reply = [...document.querySelectorAll(".msg.bot .text")].pop();
const links = [...reply.querySelectorAll("button.command")];
const hit = (x, y) => { const e = document.elementFromPoint(x, y); return Boolean(e && e.closest("button.command")); };
// a tap on the command's own word (its letters, top to bottom) runs that command, never one on the
// line above or below, whose taller box overlaps this line
const mine = (a, x, y) => { const e = document.elementFromPoint(x, y); return Boolean(e) && e.closest("button.command") === a; };
const tall = links.map((a) => {
  a.scrollIntoView({block: "center"});                  // (elementFromPoint sees the screen alone)
  const r = a.getBoundingClientRect(), x = r.left + r.width / 2;
  const letters = document.createRange(); letters.selectNodeContents(a); const g = letters.getBoundingClientRect();
  return {word: a.textContent, height: r.height, top: hit(x, r.top + 2), bottom: hit(x, r.bottom - 2),
          ownTop: mine(a, x, g.top + 1), ownBottom: mine(a, x, g.bottom - 1),
          font: getComputedStyle(a).fontSize};
});
// the same words with the links' padding and margin gone: where each line of them stands
const lines = () => links.map((a) => { const r = document.createRange(); r.selectNodeContents(a); return r.getBoundingClientRect().top; });
const before = {height: reply.getBoundingClientRect().height, lines: lines()};
const plain = document.createElement("style");
plain.textContent = ".text button.command { padding:0 !important; margin:0 !important; }";
document.head.appendChild(plain);
const after = {height: reply.getBoundingClientRect().height, lines: lines()};
plain.remove();
return {coarse: matchMedia("(pointer: coarse)").matches, tall, before, after};
"""


def _measure(driver) -> dict:
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "pointer", "value": "coarse"}]})
    say(driver, "/help")
    wait(driver, lambda d: "/mydata" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    return driver.execute_script(MEASURE)


async def test_under_a_finger_a_command_in_the_words_is_32_px_tall_and_the_lines_stay(page):
    seen = await asyncio.to_thread(_measure, page)
    assert seen["coarse"] and len(seen["tall"]) > 5, seen
    for link in seen["tall"]:
        assert link["height"] >= 32, link
        assert link["top"] and link["bottom"], link          # a tap at its edges reaches a link
        assert link["ownTop"] and link["ownBottom"], link    # and one on its word, that link
        assert link["font"] == "15px", link                  # the words' size as it was
    # the lines of words where they were without the padding: nothing pushed apart
    assert seen["before"] == seen["after"], seen


def _mouse(driver) -> list[float]:
    say(driver, "/help")
    wait(driver, lambda d: "/mydata" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    return driver.execute_script("""return [...[...document.querySelectorAll(".msg.bot .text")].pop()
        .querySelectorAll("button.command")].map((a) => a.getBoundingClientRect().height);""")


async def test_with_a_mouse_a_command_is_its_line_tall(page):
    assert max(await asyncio.to_thread(_mouse, page)) < 30
