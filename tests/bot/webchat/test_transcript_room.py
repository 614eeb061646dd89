"""A tab's saved conversation (restored on a reload) kept each painting as its full data URL: a few
big paintings were past the browser's room (about 5 MB), and then each save (each progress edit
too) stringified the conversation again and again, dropping a quarter each time, and a reload
showed only the last few paintings. Paintings are kept as small copies now, as the user's photos
are. Headless Chromium."""
from __future__ import annotations

import asyncio
import io
import os

import pytest
from PIL import Image

from bot.settings import Settings

from tests.bot.webchat.test_webchat_page import connected, page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]

COUNT = 5


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(_env_file=None, DATA_DIR=tmp_path / "data", MAX_SIDE=1024, HQ_MAX_SIDE=1024,
                    PREVIEW_SIDE=64, RATE_LIMIT_JOBS=50, MAX_PENDING_PER_USER=5,
                    TELEGRAM_TOKEN=None, DISCORD_TOKEN=None)


def noise(i: int) -> bytes:
    buf = io.BytesIO()
    Image.frombytes("RGB", (1000, 800), os.urandom(1000 * 800 * 3)).save(buf, "JPEG", quality=95)
    return buf.getvalue()


def _paint_and_reload(driver, url, tmp_path) -> dict:
    for i in range(COUNT):
        photo = tmp_path / f"p{i}.jpg"
        photo.write_bytes(noise(i))
        say(driver, "/style monet", photo)
        wait(driver, lambda d: len(paintings(d)) == i + 1, 60)
    seen = {"chars": driver.execute_script("return Math.max(...[...document.querySelectorAll('.msg.bot img.painting')].map((i) => i.src.length))")}
    import time
    time.sleep(2)
    driver.get(url)
    wait(driver, connected)
    time.sleep(1)
    seen["restored"] = len(paintings(driver))
    return seen


async def test_a_reload_shows_every_big_painting_of_the_conversation(page, server, tmp_path):
    seen = await asyncio.to_thread(_paint_and_reload, page, server.url, tmp_path)
    assert seen["chars"] > 1_000_000, seen       # each painting over 1 MB as a data URL
    assert seen["restored"] == COUNT, seen
