"""In headless Chromium: a user the bot knows whose browser lost its "welcomed" flag (the first
visit's welcome never arrived: the page reloaded or lost its connection meanwhile; storage cleared
in part) got both greetings in a new tab: "Welcome back!" from the server, which knows them, and
the first visit's whole welcome, which the page asked for itself (/start). One greeting shows now,
the server's word winning (welcome back, to a user who has done something here: a photo sent), and
the page keeps its flag again."""
from __future__ import annotations

import asyncio
import time

from selenium.webdriver.common.by import By

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import connected, page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

INTRO = "I turn your photos into paintings"       # the first visit's welcome


def _new_tab_without_the_flag(driver, url: str, close_first: bool, tmp_path) -> dict:
    """``tmp_path``: a photo sent first, alone (its artist buttons): the user has done something
    here; None: nothing (then the first visit's welcome: test_newcomer_welcome_page)."""
    if tmp_path is not None:
        photo = tmp_path / "p.jpg"
        photo.write_bytes(make_photo(160, 120))
        say(driver, "", photo)
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".msg.bot .buttons button"))
    driver.execute_script("localStorage.removeItem('paintbot-welcomed')")
    chat = driver.current_window_handle
    driver.switch_to.new_window("tab")
    if close_first:                                  # the chat's tab closed: the new one alone
        tab = driver.current_window_handle
        driver.switch_to.window(chat)
        driver.close()
        driver.switch_to.window(tab)
    driver.get(url)
    wait(driver, connected)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".msg.bot"), timeout=10)
    time.sleep(1.5)                                  # a second greeting, were one coming, is here by now
    return {"shown": driver.find_element(By.ID, "messages").text,
            "greetings": len(driver.find_elements(By.CSS_SELECTOR, ".msg.bot")),
            "flag": driver.execute_script("return localStorage.getItem('paintbot-welcomed')")}


async def test_a_known_users_new_tab_without_the_flag_is_welcomed_back_once(page, server, tmp_path):
    seen = await asyncio.to_thread(_new_tab_without_the_flag, page, server.url, True, tmp_path)
    assert seen["greetings"] == 1, seen
    assert seen["shown"].startswith("Welcome back!") and INTRO not in seen["shown"], seen
    assert seen["flag"] == "1", seen


async def test_beside_an_open_tab_too_the_welcome_back_is_the_one_greeting(page, server, tmp_path):
    seen = await asyncio.to_thread(_new_tab_without_the_flag, page, server.url, False, tmp_path)
    assert seen["greetings"] == 1, seen
    assert seen["shown"].startswith("Welcome back!") and INTRO not in seen["shown"], seen
    assert seen["flag"] == "1", seen
