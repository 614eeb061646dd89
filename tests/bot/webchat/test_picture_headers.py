"""The page's reading of a picture's size from its header (test_huge_pictures) was bypassed:
a JPEG with a stray byte before its frame header, or a GIF whose logical screen is 1×1 and whose
frame is 1600×1000, was read as 'not known' and drawn whole; an OS/2 1.x BMP (12-byte header) had
its size misread; and any file not understood was drawn whatever its size. Now stray bytes are
skipped, a GIF's first frame counts, the BMP's header size is read first, and a file not understood
is drawn only if it is small in bytes (a placeholder otherwise). Headless Chromium."""
from __future__ import annotations

import asyncio
import io
import os
import struct

import pytest
from PIL import Image
from selenium.webdriver.common.by import By

from bot.settings import Settings

from tests.bot.webchat.test_webchat_page import page, pytestmark, server, wait

__all__ = ["page", "pytestmark", "server"]


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(_env_file=None, DATA_DIR=tmp_path / "data", MAX_SIDE=128, HQ_MAX_SIDE=64,
                    PREVIEW_SIDE=64, RATE_LIMIT_JOBS=50, MAX_PENDING_PER_USER=5, MAX_UPLOAD_MB=1,
                    MAX_IMAGE_MEGAPIXELS=1, TELEGRAM_TOKEN=None, DISCORD_TOKEN=None)


def picture(fmt: str, w: int = 1600, h: int = 1000, noise: bool = False) -> bytes:
    im = Image.frombytes("RGB", (w, h), os.urandom(w * h * 3)) if noise else Image.new("RGB", (w, h), (200, 120, 40))
    buf = io.BytesIO()
    im.save(buf, fmt)
    return buf.getvalue()


def os2_bmp(w: int, h: int) -> bytes:
    """A 1-bit OS/2 1.x bitmap: BITMAPCOREHEADER (12 bytes, 16-bit sizes)."""
    row = ((w + 31) // 32) * 4
    pixels = b"\x00" * row * h
    offset = 14 + 12 + 2 * 3
    return (b"BM" + struct.pack("<IHHI", offset + len(pixels), 0, 0, offset)
            + struct.pack("<IHHHH", 12, w, h, 1, 1) + b"\x00\x00\x00\xff\xff\xff" + pixels)


def ico(png: bytes) -> bytes:
    return struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", 0, 0, 0, 0, 1, 32, len(png), 22) + png


def files() -> dict:
    jpeg = picture("JPEG")
    k = jpeg.index(b"\xff\xdb")
    gif = bytearray(picture("GIF"))
    gif[6:10] = b"\x01\x00\x01\x00"          # a 1×1 screen, its frame 1600×1000
    return {"stray.jpg": jpeg[:k] + b"\x00" + jpeg[k:], "screen.gif": bytes(gif), "os2.bmp": os2_bmp(1600, 1000),
            "heavy.ico": ico(picture("PNG", 500, 400, noise=True)), "small.ico": ico(picture("PNG", 300, 200)),
            "os2small.bmp": os2_bmp(300, 200)}


def _attach_each(driver, tmp_path) -> dict:
    thumb = driver.find_element(By.ID, "thumb")
    seen = {}
    for name, data in files().items():
        path = tmp_path / name
        path.write_bytes(data)
        driver.find_element(By.ID, "file").send_keys(str(path))
        wait(driver, lambda d: d.find_element(By.ID, "attname").text.startswith(name))
        wait(driver, lambda d: d.execute_script("return arguments[0].complete", thumb))
        seen[name] = (thumb.get_attribute("src")[:15], driver.execute_script("return arguments[0].naturalWidth", thumb))
        driver.find_element(By.ID, "clear").click()
    return seen


async def test_headers_that_hid_a_pictures_size_no_longer_get_it_drawn(page, tmp_path):
    assert len(files()["heavy.ico"]) > 256 * 1024
    seen = await asyncio.to_thread(_attach_each, page, tmp_path)
    for name in ("stray.jpg", "screen.gif", "os2.bmp", "heavy.ico"):
        src, width = seen[name]
        assert src.startswith("data:image/svg") and width < 400, (name, seen)
    assert not seen["small.ico"][0].startswith("data:image/svg") and seen["small.ico"][1] > 160, seen   # small: drawn
    assert seen["os2small.bmp"] == ("data:image/bmp;", 300), seen
