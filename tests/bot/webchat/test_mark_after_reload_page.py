"""In headless Chromium: a tab reloaded while its photo was still on its way (its upload check
held), then its /cancel sent: the photo's bubble, back from the reload, is marked as stopped by
the /cancel (it showed nothing, as if the photo were still on its way); and the user's other tab
marks its copy of the photo too."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.test_cancel_requests import held_checks
from tests.bot.webchat.test_webchat_page import connected, page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


def _notes(driver) -> list[str]:
    return [b.find_element(By.CSS_SELECTOR, ".unanswered").text if b.find_elements(By.CSS_SELECTOR, ".unanswered")
            else "" for b in driver.find_elements(By.CSS_SELECTOR, ".msg.me")]


def _reloaded_mid_answer(driver, checking, release, photo) -> dict:
    asking, url = driver.current_window_handle, driver.current_url
    driver.switch_to.new_window("tab")                 # the user's other tab
    driver.get(url)
    wait(driver, connected)
    other = driver.current_window_handle
    driver.switch_to.window(asking)
    say(driver, "/style gogh", photo)
    checking.wait(10)
    driver.refresh()                                   # the tab reloads as its photo is checked
    wait(driver, connected)
    say(driver, "/cancel")
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.me")) == 2)
    release.set()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".msg.me .unanswered"), 15)
    seen = {"asking": _notes(driver)}
    driver.refresh()                                   # and the mark stays over another reload
    wait(driver, connected)
    seen["again"] = _notes(driver)
    driver.switch_to.window(other)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".msg.me .unanswered"), 15)
    seen["other"] = _notes(driver)
    return seen


async def test_a_tab_reloaded_mid_answer_marks_its_photo(page, server, tmp_path, monkeypatch):
    checking, release = held_checks(monkeypatch)
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo(160, 120))
    try:
        seen = await asyncio.to_thread(_reloaded_mid_answer, page, checking, release, photo)
    finally:
        release.set()
    stopped = t("en", "web_cancelled_unanswered")
    assert seen == {"asking": [stopped, ""], "again": [stopped, ""], "other": [stopped, ""]}, seen
