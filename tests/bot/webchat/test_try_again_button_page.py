"""In headless Chromium: an engine failure's line, edited in place from "painting…" into the
failure, shows its "Try again" button (af3880b; the page draws an edit's buttons as a send's),
and clicking it paints the same photo."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


def failure_bubbles(driver) -> list:
    return [el for el in driver.find_elements(By.CSS_SELECTOR, ".msg.bot") if t("en", "engine_error") in el.text]


def _failed_then_tapped(driver, fake_queue, tmp_path) -> dict:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo(160, 120))
    say(driver, "/style gogh", photo)
    wait(driver, lambda d: failure_bubbles(d) and failure_bubbles(d)[0].find_elements(By.CSS_SELECTOR, ".buttons button"))
    line, = failure_bubbles(driver)                  # the line itself, edited: not a message of its own
    seen = {"buttons": [b.text for b in line.find_elements(By.CSS_SELECTOR, ".buttons button")],
            "progress": "progress" in line.get_attribute("class")}
    fake_queue.error = None
    line.find_element(By.CSS_SELECTOR, ".buttons button").click()
    wait(driver, lambda d: paintings(d), 20)
    return seen


async def test_a_failed_lines_try_again_is_shown_and_paints(page, server, fake_queue, tmp_path):
    fake_queue.error = "engine_error"
    seen = await asyncio.to_thread(_failed_then_tapped, page, fake_queue, tmp_path)
    assert seen == {"buttons": [t("en", "button_retry")], "progress": True}
    assert fake_queue.jobs[-1].image == fake_queue.jobs[0].image and len(fake_queue.jobs) == 2
