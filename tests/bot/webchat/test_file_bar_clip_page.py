"""A file that is no picture (notes.txt) goes out as "📎 notes.txt" in the user's bubble; in the
attachment bar before it, with no thumbnail, it was "notes.txt" alone, a bare name beside ✕. The bar
names it as the bubble will now, 📎 before the name where no thumbnail is drawn (a picture keeps its
thumbnail and no clip). The clip is the bar's look alone: the status line read out says it once.
Headless Chromium."""
from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import page, pytestmark, server, wait

__all__ = ["page", "pytestmark", "server"]

BAR = """
const name = document.getElementById("attname"), thumb = document.getElementById("thumb");
return {name: name.textContent, clip: getComputedStyle(name, "::before").content,
        thumb: getComputedStyle(thumb).display !== "none", said: document.getElementById("attached").textContent};
"""

DRAWN = """
const thumb = document.getElementById("thumb");
return thumb.style.display === "none" ? false : thumb.complete && thumb.naturalWidth > 0 ? true : null;
"""


def _bars(driver, tmp_path) -> list[dict]:
    (tmp_path / "notes.txt").write_text("not a photo at all\n")
    (tmp_path / "holiday.jpg").write_bytes(make_photo(160, 120))
    # a picture by its header that the browser cannot draw (an iPhone's HEIC): its thumbnail's error
    (tmp_path / "iphone.heic").write_bytes(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + bytes(64))
    seen = []
    for name in ("notes.txt", "holiday.jpg", "iphone.heic", "holiday.jpg"):     # (a photo after each)
        driver.find_element(By.ID, "file").send_keys(str(tmp_path / name))
        wait(driver, lambda d: d.find_element(By.ID, "attname").text.startswith(name))
        # the thumbnail drawn, or hidden at its error (the text file's)
        wait(driver, lambda d: d.execute_script(DRAWN) is not None)
        seen.append(driver.execute_script(BAR))
        driver.find_element(By.ID, "clear").click()
    return seen


async def test_a_file_without_a_thumbnail_is_named_with_a_clip(page, tmp_path):
    seen = await asyncio.to_thread(_bars, page, tmp_path)
    text, photo, heic, photo_again = seen
    assert not text["thumb"] and "📎" in text["clip"], seen            # "notes.txt" alone before
    assert text["said"].count("📎") == 1, seen
    assert not heic["thumb"] and "📎" in heic["clip"], seen
    for bar in (photo, photo_again):                                    # the clip gone with the file
        assert bar["thumb"] and bar["clip"] in ("none", "normal"), seen
