"""On a phone (pointer: coarse) a reply naming a command ("/styles lists every artist") had its lines
33 px apart, to make room for the command's 44 px tap target, and every other reply 21 px: uneven,
and /help was three screens long. Every reply's lines are the same distance apart now, whether a
command is in it or not (the command's box reaches into the lines around it, its padding taken
back: test_command_tap_target_page). Headless Chromium with touch emulation."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

# each reply's distance between two lines of its words, and whether it names a command
PITCH = """
return [...document.querySelectorAll(".msg.bot .text")].map((p) => {
  return {command: Boolean(p.querySelector("button.command")), lineHeight: getComputedStyle(p).lineHeight,
          text: p.textContent.slice(0, 40)};
});
"""


def _replies(driver) -> list[dict]:
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "pointer", "value": "coarse"}]})
    say(driver, "/size small")                    # a reply with no command in it
    wait(driver, lambda d: "384" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    say(driver, "/help")
    wait(driver, lambda d: "/mydata" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    return driver.execute_script(PITCH)


async def test_a_reply_with_a_command_has_its_lines_as_far_apart_as_one_without(page):
    seen = await asyncio.to_thread(_replies, page)
    with_command = {r["lineHeight"] for r in seen if r["command"]}
    without = {r["lineHeight"] for r in seen if not r["command"]}
    assert with_command and without, seen
    assert with_command == without and len(without) == 1, seen
    assert float(without.pop().removesuffix("px")) <= 26, seen      # a reply's lines, not a tap target's
