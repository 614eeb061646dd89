"""A file the page takes for no picture (a .txt renamed notes.jpg) is shown by its name; a65ba5b
knew pictures by a list of their first bytes, and a real photo in a format the bot reads but the
list did not name (QOI, TGA, PPM, DDS, SGI, PCX, where the browser calls them image/...) was shown
as "📎 photo.qoi": no picture for the server's preview of it to go to, none to tap to reply to.
Only text is taken for no picture now. Headless Chromium; the files dropped on the page with the
type a desktop's browser gives them."""
from __future__ import annotations

import asyncio
import base64
import io

import pillow_heif
import pytest
from PIL import Image
from selenium.webdriver.common.by import By

from tests.bot.webchat.test_webchat_page import page, paintings, pytestmark, server, wait

__all__ = ["page", "pytestmark", "server"]

pillow_heif.register_heif_opener()

# Pillow's format, the file's name and the type a browser gives it (from the system's MIME table)
PICTURES = [("QOI", "photo.qoi", "image/qoi"), ("TGA", "photo.tga", "image/x-tga"),
            ("PPM", "photo.ppm", "image/x-portable-pixmap"), ("DDS", "photo.dds", "image/vnd-ms.dds"),
            ("SGI", "photo.sgi", "image/x-sgi"), ("PCX", "photo.pcx", "image/vnd.zbrush.pcx"),
            ("HEIF", "photo.heic", "image/heic"), ("AVIF", "photo.avif", "image/avif"),
            ("WEBP", "photo.webp", "image/webp"), ("TIFF", "photo.tif", "image/tiff")]

DROP_AND_SEND = """
const [name, type, data] = arguments;
const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
const dt = new DataTransfer(); dt.items.add(new File([bytes], name, {type}));
document.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
"""


def _bubble_of(driver, name: str, kind: str, data: bytes) -> dict:
    n = len(driver.find_elements(By.CSS_SELECTOR, ".msg.me"))
    driver.execute_script(DROP_AND_SEND, name, kind, base64.b64encode(data).decode())
    wait(driver, lambda d: name in d.find_element(By.ID, "attname").text)
    driver.find_element(By.ID, "send").click()
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.me")) > n)
    bubble = driver.find_elements(By.CSS_SELECTOR, ".msg.me")[-1]
    return {"text": bubble.text, "pictures": len(bubble.find_elements(By.TAG_NAME, "img"))}


@pytest.mark.parametrize("fmt,name,kind", PICTURES)
async def test_a_real_picture_in_a_format_the_bot_reads_is_shown_as_a_picture(page, fmt, name, kind):
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 100, 50)).save(out, fmt)
    seen = await asyncio.to_thread(_bubble_of, page, name, kind, out.getvalue())
    assert seen["pictures"] == 1 and "📎" not in seen["text"], seen


@pytest.mark.parametrize("words", ["not a photo at all\n" * 20, "사진이 아니에요. 메모예요.\n" * 5])
async def test_a_text_named_as_a_picture_is_still_shown_by_its_name(page, words):
    seen = await asyncio.to_thread(_bubble_of, page, "notes.jpg", "image/jpeg", words.encode())
    assert seen["text"] == "📎 notes.jpg" and seen["pictures"] == 0, seen


DROP_TWO = """
const files = arguments[0].map(([name, type, data]) =>
  new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name, {type}));
const dt = new DataTransfer(); files.forEach((f) => dt.items.add(f));
document.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
"""


def _reply_to_the_photo_after_a_note(driver, photo: bytes) -> dict:
    notes = base64.b64encode(b"not a photo at all\n" * 20).decode()
    driver.execute_script(DROP_TWO, [["notes.jpg", "image/jpeg", notes],
                                     ["holiday.jpg", "image/jpeg", base64.b64encode(photo).decode()]])
    wait(driver, lambda d: "notes.jpg" in d.find_element(By.ID, "attname").text)
    driver.find_element(By.ID, "send").click()
    own = lambda d: d.find_elements(By.CSS_SELECTOR, ".msg.me")[-1].find_elements(By.CSS_SELECTOR, "img[data-id]")
    wait(driver, own)
    n = len(driver.find_elements(By.CSS_SELECTOR, ".msg.bot"))
    own(driver)[0].click()                             # the photo, replied to
    wait(driver, lambda d: d.find_element(By.ID, "replying").text)
    box = driver.find_element(By.ID, "text")
    box.send_keys("/style monet")
    driver.find_element(By.ID, "send").click()
    wait(driver, lambda d: paintings(d) or "not an image" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    bubble = driver.find_elements(By.CSS_SELECTOR, ".msg.me")[-2]
    return {"bubble": bubble.text, "alt": bubble.find_element(By.TAG_NAME, "img").get_attribute("alt"),
            "painted": len(paintings(driver)), "said": [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".msg.bot")[n:]]}


async def test_a_tap_on_the_photo_sent_after_a_note_replies_to_that_photo(page):
    out = io.BytesIO()
    Image.new("RGB", (160, 120), (40, 120, 200)).save(out, "JPEG")
    seen = await asyncio.to_thread(_reply_to_the_photo_after_a_note, page, out.getvalue())
    assert seen["bubble"].startswith("📎 notes.jpg") and "notes" not in seen["alt"], seen
    assert seen["painted"] == 1, seen
