"""In headless Chromium: a tab that went away (a reload that takes a while) as soon as its photo
went out, before the job's first line came, with another tab of the user open: back after the
painting was done, it showed the painting without its "✅ done in N s" line (the line had gone to
the other tab alone, and the tab had none to name). It shows the line now, just above the painting.
The server-level check is test_done_line_other_tab.py."""
from __future__ import annotations

import asyncio
import time

import pytest
from selenium.webdriver.common.by import By

from tests.bot.conftest import FakeQueue, make_photo
from tests.bot.webchat.test_webchat_page import connected, page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


class SlowToTakeQueue(FakeQueue):
    """The queue takes a job a second after it is asked: the tab is gone before the first line."""

    async def submit(self, job):
        await asyncio.sleep(1.0)
        return await super().submit(job)


@pytest.fixture
def fake_queue():
    return SlowToTakeQueue(delay=0.5)


def _away_before_the_line(driver, url, tmp_path) -> dict:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo(160, 120))
    asking = driver.current_window_handle
    driver.switch_to.new_window("tab")
    driver.get(url)
    wait(driver, connected)
    other = driver.current_window_handle
    driver.switch_to.window(asking)
    say(driver, "/style monet", photo)
    wait(driver, lambda d: d.execute_script(
        "return [...document.querySelectorAll('.msg.me img')].some((i) => i.dataset.id)"))    # acknowledged
    driver.get("about:blank")                  # away before the job's first line
    driver.switch_to.window(other)
    wait(driver, lambda d: len(paintings(d)) == 1)
    time.sleep(0.5)
    driver.switch_to.window(asking)
    driver.get(url)                            # back: the tab's own conversation, restored
    wait(driver, connected)
    wait(driver, lambda d: paintings(d), 10)
    time.sleep(0.5)
    # the bot's bubbles, in order: which one holds the line, which the painting
    order = driver.execute_script("""return [...document.querySelectorAll('.msg.bot')].map((el) =>
        el.querySelector('img.painting') ? 'painting' : el.textContent.includes('done in') ? 'done' : '')""")
    return {"paintings": len(paintings(driver)), "text": driver.find_element(By.ID, "messages").text,
            "order": [o for o in order if o]}


async def test_the_tab_back_shows_the_done_line_above_its_painting(page, server, tmp_path):
    seen = await asyncio.to_thread(_away_before_the_line, page, server.url, tmp_path)
    assert seen["paintings"] == 1, seen
    assert "Claude Monet: done in" in seen["text"], seen
    assert seen["order"] == ["done", "painting"], seen          # just above it, as on the other tab
