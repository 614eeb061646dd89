"""A JPEG whose frame header comes after the first 64 kB (a long EXIF) was decoded from base64 in
full each time the attachment bar was shown again (each answer's language, each picture selected
for a reply): a 20 MB photo froze the page each time. Its size is read once, when it is attached.
Headless Chromium."""
from __future__ import annotations

import asyncio
import io
import struct

from PIL import Image
from selenium.webdriver.common.by import By

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


def late_frame_jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 120, 40)).save(buf, "JPEG")
    jpeg = buf.getvalue()
    app = b"".join(b"\xff\xe2" + struct.pack(">H", 60002) + b"\x00" * 60000 for _ in range(4))   # 240 kB of APP2
    return jpeg[:2] + app + jpeg[2:]


def _reshow(driver, tmp_path) -> dict:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_photo(160, 120))
    say(driver, "/style monet", photo)
    wait(driver, lambda d: paintings(d))
    late = tmp_path / "late.jpg"
    late.write_bytes(late_frame_jpeg())
    driver.find_element(By.ID, "file").send_keys(str(late))
    wait(driver, lambda d: d.find_element(By.ID, "attname").text.startswith("late.jpg"))
    driver.execute_script("""window.bigDecodes = 0; const atob = window.atob;
        window.atob = (s) => { if (s.length > 100000) window.bigDecodes++; return atob(s); };""")
    for _ in range(6):                       # selected for a reply and not: the bar shown again
        # (by its ↩ Reply: a tap on the painting itself opens it full size now, test_painting_tap_page)
        driver.find_elements(By.CSS_SELECTOR, ".tools button.reply")[-1].click()
    seen = {"decodes": driver.execute_script("return window.bigDecodes"),
            "thumb": driver.find_element(By.ID, "thumb").get_attribute("src")[:15]}
    return seen


async def test_a_late_frame_header_is_read_once_not_each_time_the_bar_is_shown(page, tmp_path):
    seen = await asyncio.to_thread(_reshow, page, tmp_path)
    assert seen["decodes"] == 0, seen
    assert seen["thumb"] == "data:image/jpeg", seen       # drawn: 300×200
