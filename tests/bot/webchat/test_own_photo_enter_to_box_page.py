"""Enter or Space on the user's own photo (reached with Tab) picks it to reply to; the keyboard then
stayed on the photo, and the user had to Tab on, past the attachment bar's ✕, to type the command
for it. It goes to the message box now, as after ↩ Reply, the list where it was (no jump), and the
key itself is spent on the photo: Space typed no space in the box, Enter sent nothing. Letting the
photo go again (the key once more, from the photo) leaves the keyboard there. Keys only. Headless
Chromium."""
from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_own_photo_keyboard_page import _back_to_photo
from tests.bot.webchat.test_webchat_page import page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

ON_PHOTO = 'return Boolean(document.activeElement && document.activeElement.matches(".msg.me img"))'
PLACE = """
const list = document.getElementById("messages"), img = document.querySelector(".msg.me img"), r = img.getBoundingClientRect(),
      box = list.getBoundingClientRect();
return {active: document.activeElement.id, page: window.scrollY + document.scrollingElement.scrollTop,
        inView: r.top >= box.top - 1 && r.bottom <= box.bottom + 1, top: Math.round(r.top),
        selected: img.classList.contains("selected"), box: document.getElementById("text").value,
        mine: document.querySelectorAll(".msg.me").length};
"""


def _by_keys(driver, tmp_path, key) -> dict:
    photo = tmp_path / "holiday.jpg"
    photo.write_bytes(make_photo(160, 120))
    say(driver, "/style monet", photo)
    wait(driver, lambda d: paintings(d))
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".msg.me img")[-1].get_attribute("data-id"))
    seen = {"reached": bool(_back_to_photo(driver)), "before": driver.execute_script(PLACE)}
    ActionChains(driver).send_keys(key).perform()
    seen["picked"] = driver.execute_script(PLACE)
    ActionChains(driver).send_keys("/style gogh").perform()          # typed where the keyboard went
    seen["typed"] = driver.find_element(By.ID, "text").get_attribute("value")
    seen["back"] = bool(_back_to_photo(driver))
    ActionChains(driver).send_keys(key).perform()
    seen["let go"] = {**driver.execute_script(PLACE), "on photo": driver.execute_script(ON_PHOTO)}
    return seen


@pytest.mark.parametrize("key", [Keys.ENTER, Keys.SPACE], ids=["enter", "space"])
async def test_a_key_on_ones_own_photo_picks_it_and_goes_to_the_message_box(page, tmp_path, key):
    seen = await asyncio.to_thread(_by_keys, page, tmp_path, key)
    assert seen["reached"] and not seen["before"]["selected"], seen
    picked = seen["picked"]
    assert picked["selected"] and picked["active"] == "text", seen         # stayed on the photo before
    assert picked["box"] == "" and picked["mine"] == seen["before"]["mine"], seen   # no space typed, nothing sent
    assert picked["page"] == 0 and picked["inView"], seen                  # the page and the photo where they were
    assert seen["typed"] == "/style gogh", seen
    assert seen["back"] and not seen["let go"]["selected"] and seen["let go"]["on photo"], seen
    assert seen["let go"]["box"] == "/style gogh", seen                    # the words kept, the key not typed
