"""A file that is no picture but named as one (a .txt renamed notes.jpg) showed in the user's bubble
as a picture-frame placeholder with no name, like a broken photo; it is shown by its name now, as
any other file ("📎 notes.jpg"), also on the user's other open page. A picture too large to draw
had its size in the attachment bar in ~6 px letters (inside its 48 px placeholder): said in the
bar's own words' size now. Headless Chromium."""
from __future__ import annotations

import asyncio
import base64
import struct
import zlib

import aiohttp
from selenium.webdriver.common.by import By

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import page, paintings, pytestmark, say, server, wait

__all__ = ["page", "pytestmark", "server"]


def _renamed(driver, tmp_path) -> dict:
    notes = tmp_path / "notes.jpg"
    notes.write_text("not a photo at all\n" * 20)
    n = len(driver.find_elements(By.CSS_SELECTOR, ".msg.bot"))
    say(driver, "", notes)
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.bot")) > n)
    bubble = driver.find_elements(By.CSS_SELECTOR, ".msg.me")[-1]
    seen = {"text": bubble.text, "pictures": len(bubble.find_elements(By.TAG_NAME, "img")),
            "reply": driver.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text}
    photo = tmp_path / "holiday.jpg"                  # a real photo is still one
    photo.write_bytes(make_photo(160, 120))
    say(driver, "/style monet", photo)
    wait(driver, lambda d: paintings(d))
    seen["photo"] = len(driver.find_elements(By.CSS_SELECTOR, ".msg.me")[-1].find_elements(By.TAG_NAME, "img"))
    return seen


async def test_a_renamed_text_file_is_shown_by_its_name_not_as_a_broken_photo(page, tmp_path):
    seen = await asyncio.to_thread(_renamed, page, tmp_path)
    assert seen["text"] == "📎 notes.jpg" and seen["pictures"] == 0, seen
    assert "not an image" in seen["reply"], seen
    assert seen["photo"] == 1, seen


def png_header(w: int, h: int) -> bytes:
    """A PNG's signature and header alone: the page reads its size there, and never decodes it."""
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))


def _huge_attached(driver, tmp_path) -> dict:
    huge = tmp_path / "huge.png"
    huge.write_bytes(png_header(12000, 12000))
    driver.find_element(By.ID, "file").send_keys(str(huge))
    wait(driver, lambda d: d.find_element(By.ID, "attname").text)
    return driver.execute_script("""
        const bar = document.getElementById("attachment"), name = document.getElementById("attname");
        const size = [...bar.querySelectorAll("span")].find((s) => s.textContent.includes("12000×12000"));
        return {size: size ? parseFloat(getComputedStyle(size).fontSize) : 0,
                name: parseFloat(getComputedStyle(name).fontSize), said: document.getElementById("attached").textContent};""")


async def test_a_huge_pictures_size_is_readable_in_the_attachment_bar(page, tmp_path):
    seen = await asyncio.to_thread(_huge_attached, page, tmp_path)
    assert seen["size"] >= 12 and seen["size"] == seen["name"], seen
    assert "12000×12000" in seen["said"], seen          # read out too


async def test_the_users_other_page_shows_it_by_its_name_too(page, server):
    user = page.execute_script("return localStorage.getItem('paintbot-user')")
    notes = "data:image/jpeg;base64," + base64.b64encode(b"not a photo at all\n" * 20).decode()
    async with aiohttp.ClientSession() as session, session.ws_connect(server.url + "ws") as other:
        await other.receive_json()
        await other.send_json({"op": "hello", "user": user})
        await other.send_json({"user": user, "text": "", "image": notes, "locale": "en-US", "client_id": "1",
                               "qid": "q1", "shown": "📎 notes.jpg", "names": []})
        await asyncio.to_thread(wait, page, lambda d: "not an image" in d.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text)
    bubble = page.find_elements(By.CSS_SELECTOR, ".msg.me")[-1]
    assert bubble.text == "📎 notes.jpg" and not bubble.find_elements(By.TAG_NAME, "img"), bubble.get_attribute("outerHTML")
