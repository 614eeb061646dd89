"""What the attachment bar says (the file picked, a file refused as too big, "replying to a
picture") was there to be seen alone: the bar is hidden and shown, which a screen reader does not
announce, and the file picker's focus moves on to the message box. It is said in a status region
now, which stays in the page (not display:none), once per change. Headless Chromium."""
from __future__ import annotations

import asyncio
import os

import pytest
from selenium.webdriver.common.by import By

from bot.settings import Settings

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(_env_file=None, DATA_DIR=tmp_path / "data", MAX_SIDE=128, HQ_MAX_SIDE=64,
                    PREVIEW_SIDE=64, RATE_LIMIT_JOBS=50, MAX_PENDING_PER_USER=5, MAX_UPLOAD_MB=1,
                    TELEGRAM_TOKEN=None, DISCORD_TOKEN=None)


# the live regions' words, and whether each is in the page for a screen reader (not display:none)
READ = """
return [...document.querySelectorAll('[role=status], [aria-live]')].filter((e) => e.id !== "messages").map((e) => {
  let shown = true;
  for (let n = e; n; n = n.parentElement) if (getComputedStyle(n).display === "none" || n.hidden) shown = false;
  return {id: e.id, text: e.textContent, shown};
});
"""


def said(driver) -> list[str]:
    return [r["text"] for r in driver.execute_script(READ) if r["shown"] and r["text"]]


def _attach(driver, tmp_path) -> dict:
    big = tmp_path / "big.jpg"
    big.write_bytes(os.urandom(1_600_000))
    driver.find_element(By.ID, "file").send_keys(str(big))
    wait(driver, lambda d: d.find_element(By.ID, "attname").text)
    seen = {"big": said(driver)}
    driver.find_element(By.ID, "clear").click()
    seen["cleared"] = said(driver)
    photo = tmp_path / "holiday.jpg"
    photo.write_bytes(make_photo(160, 120))
    say(driver, "/style gogh", photo)
    wait(driver, lambda d: paintings(d))
    seen["sent"] = said(driver)
    driver.find_element(By.CSS_SELECTOR, ".tools button.reply").click()
    seen["reply"] = said(driver)
    return seen


async def test_the_attachment_bar_is_read_out(page, tmp_path):
    seen = await asyncio.to_thread(_attach, page, tmp_path)
    assert any("big.jpg" in s and "1.5 MB" in s and "limit" in s for s in seen["big"]), seen
    assert seen["cleared"] == [] and seen["sent"] == [], seen
    assert any("replying to a picture" in s for s in seen["reply"]), seen
