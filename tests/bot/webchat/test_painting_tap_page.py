"""A tap on a painting made it the picture replied to ("↩ Replying to a picture ✕"), with no word of
why; people expect a tap on a picture to enlarge it. It opens the full-size viewer now (as "⤢ Full
size" does); replying stays on the "↩ Reply" link. A tap on the user's own photo still picks it to
reply to (it has no Reply link). Headless Chromium."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

OPEN = "return document.getElementById('viewer').open"


def _tapped(driver, tmp_path) -> dict:
    photo = tmp_path / "holiday.jpg"
    photo.write_bytes(make_photo(160, 120))
    say(driver, "/style monet", photo)
    wait(driver, lambda d: paintings(d))
    painting = paintings(driver)[-1]
    painting.click()
    wait(driver, lambda d: d.execute_script(OPEN))
    seen = {"big": driver.find_element(By.ID, "big").get_attribute("src") == painting.get_attribute("src"),
            "replying": driver.find_element(By.ID, "replying").text, "selected": "selected" in painting.get_attribute("class"),
            "cursor": driver.execute_script("return getComputedStyle(arguments[0]).cursor", painting)}
    driver.find_element(By.ID, "shut").click()
    wait(driver, lambda d: not d.execute_script(OPEN))
    painting.find_element(By.XPATH, "..").find_element(By.CSS_SELECTOR, "button.reply").click()
    wait(driver, lambda d: d.find_element(By.ID, "replying").text)
    seen["reply link"] = {"open": driver.execute_script(OPEN), "selected": "selected" in painting.get_attribute("class")}
    return seen


async def test_a_tap_on_a_painting_opens_it_full_size_and_reply_is_its_link(page, tmp_path):
    seen = await asyncio.to_thread(_tapped, page, tmp_path)
    assert seen["big"] and seen["replying"] == "" and not seen["selected"], seen
    assert seen["cursor"] == "zoom-in", seen
    assert seen["reply link"] == {"open": False, "selected": True}, seen


def _own_photo_tapped(driver, tmp_path) -> dict:
    photo = tmp_path / "holiday.jpg"
    photo.write_bytes(make_photo(160, 120))
    say(driver, "/style monet", photo)
    wait(driver, lambda d: paintings(d))
    mine = driver.find_elements(By.CSS_SELECTOR, ".msg.me img")[-1]
    wait(driver, lambda d: mine.get_attribute("data-id"))
    mine.click()
    return {"replying": driver.find_element(By.ID, "replying").text, "open": driver.execute_script(OPEN)}


async def test_a_tap_on_the_users_own_photo_still_picks_it_to_reply_to(page, tmp_path):
    seen = await asyncio.to_thread(_own_photo_tapped, page, tmp_path)
    assert seen["replying"] and not seen["open"], seen
