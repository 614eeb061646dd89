"""A reloaded web chat page showed an empty chat: the user's photos, the paintings and their
buttons were gone from view (the bot still had them: a reply to one would have worked). The page
keeps what it shows for its tab, and shows it again after a reload; a reload mid-painting shows
the conversation, the painting's line once, and then the painting. Headless Chromium."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_reload import fake_url
from tests.bot.webchat.test_webchat import _browser, pytestmark

__all__ = ["fake_url", "pytestmark"]
PAINTINGS = "return document.querySelectorAll('.msg.bot img.painting').length"


def _reloads(url: str, tmp_path: Path) -> dict:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    photo = tmp_path / "dog.jpg"
    photo.write_bytes(make_photo(160, 120))
    driver = _browser(tmp_path)
    seen = {}
    connected = lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-connected") == "1"   # noqa: E731
    try:
        driver.get(url)
        wait = WebDriverWait(driver, 60)
        wait.until(lambda d: "I turn your photos into paintings" in d.find_element(By.ID, "messages").text)
        box = driver.find_element(By.ID, "text")
        driver.find_element(By.ID, "file").send_keys(str(photo))
        wait.until(lambda d: d.find_element(By.ID, "attname").text)
        box.send_keys("/style gogh")
        box.send_keys(Keys.ENTER)
        wait.until(lambda d: d.execute_script(PAINTINGS) == 1)
        wait.until(lambda d: "done" in d.find_element(By.ID, "messages").text)
        seen["before"] = driver.find_element(By.ID, "messages").text
        driver.refresh()
        wait.until(connected)
        import time
        time.sleep(1)
        seen["after"] = driver.find_element(By.ID, "messages").text
        seen["paintings_after"] = driver.execute_script(PAINTINGS)
        seen["my_photos_after"] = len(driver.find_elements(By.CSS_SELECTOR, ".msg.me img"))
        seen["buttons_after"] = len(driver.find_elements(By.CSS_SELECTOR, ".msg.bot .buttons button"))
        seen["done_is_a_line"] = bool(driver.find_elements(By.CSS_SELECTOR, ".msg.bot.progress"))
        # the restored painting still answers: ↩ Reply, then /style monet paints it
        driver.find_element(By.CSS_SELECTOR, ".msg.bot .tools button.reply").click()
        box = driver.find_element(By.ID, "text")
        box.send_keys("/style monet")
        box.send_keys(Keys.ENTER)
        wait.until(lambda d: d.execute_script(PAINTINGS) == 2)
        seen["reply_text"] = driver.find_elements(By.CSS_SELECTOR, ".msg.bot img.painting")[-1].get_attribute("alt")
        # a reload while a painting is under way (the fake queue takes 3 s)
        driver.find_element(By.ID, "file").send_keys(str(photo))
        wait.until(lambda d: d.find_element(By.ID, "attname").text)
        box.send_keys("/style klimt")
        box.send_keys(Keys.ENTER)
        wait.until(lambda d: "Gustav Klimt" in d.find_element(By.ID, "messages").text)
        driver.refresh()
        wait.until(connected)
        wait.until(lambda d: d.execute_script(PAINTINGS) == 3)
        time.sleep(0.5)
        seen["klimt_lines"] = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".msg.bot.progress")
                               if "Gustav Klimt" in e.text]
        seen["mid_bubbles"] = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".msg.me")]
    finally:
        driver.quit()
    return seen


@pytest.mark.slow
async def test_a_reloaded_page_shows_the_conversation_again(fake_url, fake_queue, tmp_path):
    async def slow_klimt(job_id, on_status=None, _wait=fake_queue.wait):
        job = next(j for j in fake_queue.jobs if j.id == job_id)
        fake_queue.delay = 3.0 if "klimt" in str(job.styles) else 0.0
        return await _wait(job_id, on_status)
    fake_queue.wait = slow_klimt
    seen = await asyncio.wait_for(asyncio.to_thread(_reloads, fake_url, tmp_path), timeout=150)
    # the first visit's welcome once: kept with the conversation (test_welcome_kept_page)
    assert seen["after"].count("I turn your photos into paintings") == 1, seen
    assert "/style gogh" in seen["after"] and "Vincent van Gogh" in seen["after"], seen
    assert seen["paintings_after"] == 1 and seen["my_photos_after"] == 1 and seen["buttons_after"] >= 3, seen
    assert seen["done_is_a_line"], seen
    assert "Claude Monet" in seen["reply_text"], seen
    assert len(seen["klimt_lines"]) == 1 and "done" in seen["klimt_lines"][0], seen
    assert seen["mid_bubbles"][-1] == "/style klimt", seen
