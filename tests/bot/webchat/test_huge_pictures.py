"""A picture too large to paint (more megapixels than MAX_IMAGE_MEGAPIXELS, however small its
file) was decoded whole by the page, in the attachment bar and in the user's bubble, before the
server refused it: a 20000×20000 PNG is 1.6 GB of pixels, enough to crash a phone's tab. The page
reads its size from its header now (PNG, JPEG, GIF, WebP, BMP, AVIF) and shows a placeholder instead;
it still sends it, and the user reads the server's refusal. And a file over MAX_UPLOAD_MB (the
page let through up to twice it) was read, drawn and uploaded only to be refused: the page refuses
it itself now, in the server's words. Headless Chromium."""
from __future__ import annotations

import asyncio
import io
import os

import pytest
from PIL import Image
from selenium.webdriver.common.by import By

from bot.settings import Settings

from tests.bot.webchat.test_webchat_page import page, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(_env_file=None, DATA_DIR=tmp_path / "data", MAX_SIDE=128, HQ_MAX_SIDE=64,
                    PREVIEW_SIDE=64, RATE_LIMIT_JOBS=50, MAX_PENDING_PER_USER=5, MAX_UPLOAD_MB=1,
                    MAX_IMAGE_MEGAPIXELS=1, TELEGRAM_TOKEN=None, DISCORD_TOKEN=None)


def picture(fmt: str, w: int = 1600, h: int = 1000, **kw) -> bytes:
    im = Image.new("RGB", (w, h), (200, 120, 40))
    if fmt == "BMP":
        im = im.convert("1")
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def exif() -> bytes:
    e = Image.Exif()
    e[0x010E] = "x" * 3000           # a description: the JPEG's size comes after it
    return e.tobytes()


HUGE = {"big.png": picture("PNG"), "big.gif": picture("GIF"), "big.bmp": picture("BMP"),
        "big.jpg": picture("JPEG", exif=exif()), "lossy.webp": picture("WEBP"),
        "lossless.webp": picture("WEBP", lossless=True), "extended.webp": picture("WEBP", exif=exif()),
        "big.avif": picture("AVIF")}


def _attach_each(driver, tmp_path) -> dict:
    thumb = driver.find_element(By.ID, "thumb")
    seen = {}
    for name, data in {**HUGE, "small.png": picture("PNG", 300, 200)}.items():
        path = tmp_path / name
        path.write_bytes(data)
        driver.find_element(By.ID, "file").send_keys(str(path))
        wait(driver, lambda d: d.find_element(By.ID, "attname").text.startswith(name))
        wait(driver, lambda d: d.execute_script("return arguments[0].complete", thumb))
        seen[name] = (thumb.get_attribute("src")[:15], driver.execute_script("return arguments[0].naturalWidth", thumb))
        driver.find_element(By.ID, "clear").click()
    # sent: the bubble shows the placeholder, the user reads the server's refusal
    say(driver, "/style gogh", tmp_path / "big.png")
    wait(driver, lambda d: "too large" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    bubble = driver.find_elements(By.CSS_SELECTOR, ".msg.me img")[-1]
    seen["bubble"] = (bubble.get_attribute("src")[:15], driver.execute_script("return arguments[0].naturalWidth", bubble),
                      bubble.get_attribute("title"))
    seen["refusal"] = driver.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text
    # a file over MAX_UPLOAD_MB: refused by the page, in the server's words, not sent (the words
    # typed with it go alone, and the server refuses the painting they asked for)
    heavy = tmp_path / "heavy.jpg"
    heavy.write_bytes(os.urandom(1_600_000))
    pictures = len(driver.find_elements(By.CSS_SELECTOR, ".msg.me img"))
    say(driver, "/style gogh", heavy)
    wait(driver, lambda d: "file is too large" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    seen["heavy"] = driver.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text
    seen["heavy_sent"] = len(driver.find_elements(By.CSS_SELECTOR, ".msg.me img")) - pictures
    return seen


async def test_a_picture_too_large_to_paint_is_not_decoded_by_the_page(page, tmp_path):
    seen = await asyncio.to_thread(_attach_each, page, tmp_path)
    for name in HUGE:
        src, width = seen[name]
        assert src.startswith("data:image/svg") and width < 400, (name, seen[name])
    assert seen["small.png"] == ("data:image/png;", 300), seen        # a picture it can draw: itself
    src, width, title = seen["bubble"]
    assert src.startswith("data:image/svg") and width < 400, seen
    assert "1600×1000" in title, seen
    assert "That image is too large (1.6 megapixels; the limit is 1 megapixels)." in seen["refusal"], seen
    assert "That file is too large (1.5 MB; the limit is 1 MB)." in seen["heavy"], seen
    assert seen["heavy_sent"] == 0, seen
