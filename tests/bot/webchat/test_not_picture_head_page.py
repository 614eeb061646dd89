"""A file that is no picture (a video picked by mistake) was read into the page whole and uploaded,
megabytes over a phone's network, for the bot to say it is not an image (or, over the size limit,
refused as too big, as if a smaller video would do). Its head alone goes now, and the bot says it
is not an image; a picture still goes whole. Headless Chromium."""
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
def settings(tmp_path) -> Settings:           # (the video over the limit)
    return Settings(_env_file=None, DATA_DIR=tmp_path / "data", MAX_SIDE=128, HQ_MAX_SIDE=64,
                    PREVIEW_SIDE=64, RATE_LIMIT_JOBS=50, MAX_PENDING_PER_USER=5, MAX_UPLOAD_MB=2,
                    TELEGRAM_TOKEN=None, DISCORD_TOKEN=None)


# the size of each message the page sends
SIZES = """
const send = WebSocket.prototype.send; window.sizes = [];
WebSocket.prototype.send = function (data) { window.sizes.push(data.length); return send.call(this, data); };"""


def _sent(driver, tmp_path) -> dict:
    video = tmp_path / "holiday.mp4"
    video.write_bytes(os.urandom(3_000_000))
    photo = tmp_path / "big.png"
    photo.write_bytes(make_photo(1000, 1000, fmt="PNG"))
    driver.execute_script(SIZES)
    say(driver, "/style gogh", video)
    wait(driver, lambda d: "not an image" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    seen = {"video": driver.execute_script("return Math.max(...window.sizes)"), "photo_bytes": photo.stat().st_size,
            "bubble": driver.find_elements(By.CSS_SELECTOR, ".msg.me")[-1].text}
    driver.execute_script("window.sizes = []")
    say(driver, "/style gogh", photo)
    wait(driver, lambda d: paintings(d))
    seen["photo"] = driver.execute_script("return Math.max(...window.sizes)")
    return seen


async def test_a_video_sends_its_head_alone_and_is_refused_as_before(page, tmp_path):
    seen = await asyncio.to_thread(_sent, page, tmp_path)
    assert seen["video"] < 200_000, seen                     # 3 MB: "too large", before
    assert seen["bubble"] == "📎 holiday.mp4 /style gogh", seen
    assert seen["photo"] > seen["photo_bytes"], seen         # a picture: all of it
