"""On a touch screen a button tapped stays :hover until the next tap elsewhere: the buttons under a
painting ("Weaker", "Another artist") stayed filled orange after a tap, as if still pressed. Their
filled look is for a mouse's hover alone now (@media (hover: hover)). Headless Chromium (it has
no hover: a phone's screen)."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

FILL = "rgb(181, 86, 47)"          # index.html's --fill


def _hovered_button(driver, tmp_path) -> dict:
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "pointer", "value": "coarse"}]})
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo(160, 120))
    say(driver, "/style monet", photo)
    wait(driver, lambda d: paintings(d))
    button = driver.find_elements(By.CSS_SELECTOR, ".msg.bot .buttons button")[-1]
    ActionChains(driver).move_to_element(button).perform()          # where a tap leaves the pointer
    return driver.execute_script("const b = arguments[0]; return {hover: b.matches(':hover'), "
                                 "touch: matchMedia('(hover: none)').matches, "
                                 "background: getComputedStyle(b).backgroundColor};", button)


async def test_a_tapped_button_is_not_left_filled(page, tmp_path):
    seen = await asyncio.to_thread(_hovered_button, page, tmp_path)
    assert seen["hover"] and seen["touch"], seen          # the pointer left on it, on a screen with no hover
    assert seen["background"] != FILL, seen


# (headless Chromium has no hover, and its emulation does not set one: the rule itself, read)
HOVER_RULES = """
return [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules]).flatMap((rule) =>
  rule.cssRules ? [...rule.cssRules].map((inner) => [rule.conditionText || "", inner.selectorText || ""])
                : [["", rule.selectorText || ""]]).filter(([, sel]) => sel.includes(":hover"));
"""


async def test_a_mouse_still_fills_a_button_under_it(page):
    rules = await asyncio.to_thread(page.execute_script, HOVER_RULES)
    assert [".buttons button:hover"] == [sel for cond, sel in rules if cond == "(hover: hover)"], rules
    assert all(cond == "(hover: hover)" for cond, _ in rules), rules     # none for a finger
