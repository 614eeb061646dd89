"""Several files picked at once, one of them over MAX_UPLOAD_MB: the files before it were dropped
without a word and so was its refusal (the next file replaced the whole attachment), so
'/addstyle NAME' went out with fewer paintings than picked and the user was not told. Now only the
file too big is dropped, its refusal shown in the attachment bar and again when sent. Headless
Chromium."""
from __future__ import annotations

import asyncio
import io
import os

import pytest
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from bot.settings import Settings

from tests.bot.webchat.test_webchat_page import page, pytestmark, server, wait

__all__ = ["page", "pytestmark", "server"]


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(_env_file=None, DATA_DIR=tmp_path / "data", MAX_SIDE=128, HQ_MAX_SIDE=64,
                    PREVIEW_SIDE=64, RATE_LIMIT_JOBS=50, MAX_PENDING_PER_USER=5, MAX_UPLOAD_MB=1,
                    TELEGRAM_TOKEN=None, DISCORD_TOKEN=None)


def png(w: int, h: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), (10, 120, 200)).save(buf, "PNG")
    return buf.getvalue()


def _pick(driver, tmp_path, files) -> dict:
    paths = []
    for name, data in files:
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    driver.find_element(By.ID, "file").send_keys("\n".join(paths))
    wait(driver, lambda d: "c.png" in d.find_element(By.ID, "attname").text
         or d.find_element(By.ID, "attname").text.startswith("a.png +1"))
    import time
    time.sleep(1)                     # every file read
    seen = {"bar": driver.find_element(By.ID, "attname").text}
    bubbles = len(driver.find_elements(By.CSS_SELECTOR, ".msg.me"))
    box = driver.find_element(By.ID, "text")
    box.send_keys("hello")
    box.send_keys(Keys.ENTER)
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.me")) > bubbles)
    wait(driver, lambda d: "b.png" in d.find_element(By.ID, "messages").text)
    seen["pictures"] = len(driver.find_elements(By.CSS_SELECTOR, ".msg.me")[-1].find_elements(By.TAG_NAME, "img"))
    seen["said"] = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".msg.bot") if "b.png" in e.text]
    return seen


async def test_one_file_too_big_among_several_drops_that_one_only_and_says_so(page, tmp_path):
    files = [("a.png", png(50, 40)), ("b.png", os.urandom(1_600_000)), ("c.png", png(60, 40))]
    seen = await asyncio.to_thread(_pick, page, tmp_path, files)
    assert seen["bar"].startswith("a.png +1"), seen
    assert "b.png: That file is too large (1.5 MB; the limit is 1 MB)." in seen["bar"], seen
    assert seen["pictures"] == 2, seen
    assert any("b.png: That file is too large" in s for s in seen["said"]), seen
