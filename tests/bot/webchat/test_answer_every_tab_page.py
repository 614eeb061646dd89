"""In headless Chromium: the user's /status asked in one tab is answered in their other open tab
too, below the copy of the question it shows (it showed the question alone). (The other tab of a
newcomer shows the first visit's welcome above them: e2066cd.)"""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import connected, page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


def _asked_in_one_tab(driver) -> tuple[list[tuple[str, str]], str]:
    asking, url = driver.current_window_handle, driver.current_url
    driver.switch_to.new_window("tab")                 # the same user (localStorage)
    driver.get(url)
    wait(driver, connected)
    other = driver.current_window_handle
    driver.switch_to.window(asking)
    say(driver, "/status")
    wait(driver, lambda d: "/status" in d.find_elements(By.CSS_SELECTOR, ".msg")[-2].text
         and "bot" in d.find_elements(By.CSS_SELECTOR, ".msg")[-1].get_attribute("class"))
    answer = driver.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text
    driver.switch_to.window(other)
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#messages > .msg")) >= 2
         and "/status" in d.find_elements(By.CSS_SELECTOR, "#messages > .msg")[-2].text)
    there = driver.find_elements(By.CSS_SELECTOR, "#messages > .msg")
    return [("me" if "me" in e.get_attribute("class").split() else "bot", e.text) for e in there], answer


async def test_the_answer_is_shown_in_the_other_tab_below_the_question(page, server):
    there, answer = await asyncio.to_thread(_asked_in_one_tab, page)
    assert there[-2:] == [("me", "/status"), ("bot", answer)], there
    # above them only the newcomer's welcome, once
    assert [who for who, _ in there[:-2]] in ([], ["bot"]), there
    assert all("I turn your photos into paintings" in text for _, text in there[:-2]), there
