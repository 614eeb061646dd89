"""Pasting several pictures at once (a clipboard holding several files: copied in a file manager)
attached the first alone, the others dropped without a word; picking or dropping several attaches
them all (up to the page's ten a message). Pasting does so too now. Headless Chromium."""
from __future__ import annotations

import asyncio
import base64

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from bot.messages import t

from tests.bot.webchat.test_multi_pick import png
from tests.bot.webchat.test_webchat_page import page, pytestmark, server, wait

__all__ = ["page", "pytestmark", "server"]

PASTE = """
const dt = new DataTransfer();
for (const [name, b64] of arguments[0]) {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  dt.items.add(new File([bytes], name, {type: "image/png"}));
}
const box = document.getElementById("text");
box.focus();
box.dispatchEvent(new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true}));
return dt.files.length;
"""


def _paste(driver, files) -> dict:
    pasted = driver.execute_script(PASTE, [[name, base64.b64encode(data).decode()] for name, data in files])
    wait(driver, lambda d: d.find_element(By.ID, "attname").text.startswith(files[0][0]))
    import time
    time.sleep(1)                     # every file read
    seen = {"pasted": pasted, "bar": driver.find_element(By.ID, "attname").text}
    bubbles = len(driver.find_elements(By.CSS_SELECTOR, ".msg.me"))
    box = driver.find_element(By.ID, "text")
    box.send_keys("/status")
    box.send_keys(Keys.ENTER)
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.me")) > bubbles)
    seen["pictures"] = len(driver.find_elements(By.CSS_SELECTOR, ".msg.me")[-1].find_elements(By.TAG_NAME, "img"))
    return seen


async def test_pasting_several_pictures_attaches_them_all(page):
    files = [(f"{c}.png", png(40 + i, 30)) for i, c in enumerate("abc")]
    seen = await asyncio.to_thread(_paste, page, files)
    assert seen["pasted"] == 3, seen
    assert seen["bar"] == "a.png +2", seen
    assert seen["pictures"] == 3, seen


async def test_pasting_more_than_ten_attaches_the_first_ten(page):
    files = [(f"p{i:02}.png", png(30 + i, 30)) for i in range(12)]
    seen = await asyncio.to_thread(_paste, page, files)
    # the bar says what was left out (f32640d, 0c13eef: no command typed yet, the neutral wording)
    assert seen["bar"] == "p00.png +9 · " + t("en", "web_too_many_pictures_any", picked=12, most=10), seen
    assert seen["pictures"] == 10, seen
