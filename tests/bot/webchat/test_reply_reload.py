"""The picture a message is being written in reply to (↩ Reply) was forgotten by a reload, though
the words typed survive one (the draft): the command then went to the user's last photo. Now the
tab keeps its reply target too; a message sent (or ✕) leaves none."""
from __future__ import annotations

import asyncio
import base64

from tests.bot.webchat import test_webchat_page
from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import connected, paintings, say, wait

page, server = test_webchat_page.page, test_webchat_page.server       # (the fixtures)
pytestmark = test_webchat_page.pytestmark                           # (a browser: skipped without one)


def _reply_to_first_then_reload(driver, tmp_path) -> str:
    from selenium.webdriver.common.by import By
    for n, seed in enumerate((1, 4)):
        photo = tmp_path / f"p{seed}.jpg"
        photo.write_bytes(make_photo(120, 90, seed=seed))
        say(driver, "/style gogh", photo)
        wait(driver, lambda d: len(paintings(d)) == n + 1)
    first = paintings(driver)[0]
    first.find_element(By.XPATH, "..").find_element(By.CSS_SELECTOR, "button.reply").click()
    wait(driver, lambda d: d.find_element(By.ID, "replying").text)
    src = first.get_attribute("src")
    driver.refresh()
    wait(driver, connected)
    wait(driver, lambda d: len(paintings(d)) == 2)
    return src


def _replying(driver) -> bool:
    from selenium.webdriver.common.by import By
    return bool(driver.find_element(By.ID, "replying").text)


async def test_the_reply_target_is_kept_over_a_reload(page, fake_queue, tmp_path):
    from selenium.webdriver.common.by import By
    src = await asyncio.to_thread(_reply_to_first_then_reload, page, tmp_path)
    assert await asyncio.to_thread(_replying, page)
    first = paintings(page)[0]
    assert "selected" in first.get_attribute("class")
    assert first.find_element(By.XPATH, "..").find_element(By.CSS_SELECTOR, "button.reply").get_attribute("aria-pressed") == "true"
    await asyncio.to_thread(say, page, "/style hokusai")
    await asyncio.to_thread(wait, page, lambda d: len(paintings(d)) == 3)
    assert fake_queue.jobs[-1].image == base64.b64decode(src.split(",", 1)[1])      # the one replied to
    assert fake_queue.jobs[-1].image != fake_queue.jobs[1].image                    # not the last photo

    def reloaded_again():
        page.refresh()
        wait(page, connected)
        wait(page, lambda d: len(paintings(d)) == 3)
        return _replying(page), page.find_elements(By.CSS_SELECTOR, "img.selected")

    assert await asyncio.to_thread(reloaded_again) == (False, [])          # sent: no reply target left
