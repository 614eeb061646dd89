"""A file that is no picture (a video picked by mistake) was read into the page whole and uploaded,
megabytes over a phone's network, for the bot to say it is not an image. Its head alone goes now,
and the bot says the same; a picture still goes whole. Headless Chromium."""
from __future__ import annotations

import asyncio
import os

from selenium.webdriver.common.by import By

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

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
    assert seen["video"] < 200_000, seen                     # 3 MB: 4 MB of base64, before
    assert seen["bubble"] == "📎 holiday.mp4 /style gogh", seen
    assert seen["photo"] > seen["photo_bytes"], seen         # a picture: all of it
