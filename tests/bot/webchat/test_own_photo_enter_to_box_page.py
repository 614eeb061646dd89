"""Enter on the user's own photo (reached with Tab) picks it to reply to; the keyboard then stayed
on the photo, and the user had to Tab on, past the attachment bar's ✕, to type the command for it.
It goes to the message box now, as after ↩ Reply, the list where it was (no jump). Letting the photo
go again (Enter once more, from the photo) leaves the keyboard there. Keys only. Headless Chromium."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

ON_PHOTO = 'return Boolean(document.activeElement && document.activeElement.matches(".msg.me img"))'
PLACE = """
const list = document.getElementById("messages"), img = document.querySelector(".msg.me img"), r = img.getBoundingClientRect(),
      box = list.getBoundingClientRect();
return {active: document.activeElement.id, page: window.scrollY + document.scrollingElement.scrollTop,
        inView: r.top >= box.top - 1 && r.bottom <= box.bottom + 1, top: Math.round(r.top),
        selected: img.classList.contains("selected")};
"""


def _back_to_photo(driver) -> bool:
    for _ in range(30):                      # back from the message box, a key at a time, to the photo
        ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        if driver.execute_script(ON_PHOTO):
            return True
    return False


def _by_keys(driver, tmp_path) -> dict:
    photo = tmp_path / "holiday.jpg"
    photo.write_bytes(make_photo(160, 120))
    say(driver, "/style monet", photo)
    wait(driver, lambda d: paintings(d))
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".msg.me img")[-1].get_attribute("data-id"))
    seen = {"reached": _back_to_photo(driver), "before": driver.execute_script(PLACE)}
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    seen["picked"] = driver.execute_script(PLACE)
    ActionChains(driver).send_keys("/style gogh").perform()          # typed where the keyboard went
    seen["typed"] = driver.find_element(By.ID, "text").get_attribute("value")
    seen["back"] = _back_to_photo(driver)
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    seen["let go"] = {**driver.execute_script(PLACE), "on photo": driver.execute_script(ON_PHOTO)}
    return seen


async def test_enter_on_ones_own_photo_picks_it_and_goes_to_the_message_box(page, tmp_path):
    seen = await asyncio.to_thread(_by_keys, page, tmp_path)
    assert seen["reached"] and not seen["before"]["selected"], seen
    picked = seen["picked"]
    assert picked["selected"] and picked["active"] == "text", seen         # stayed on the photo before
    assert picked["page"] == 0 and picked["inView"], seen                  # the page and the photo where they were
    assert seen["typed"] == "/style gogh", seen
    assert seen["back"] and not seen["let go"]["selected"] and seen["let go"]["on photo"], seen
