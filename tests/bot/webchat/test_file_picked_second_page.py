"""A file that is no picture (notes.txt) picked alone is shown by its name in the user's bubble,
"📎 notes.txt"; picked second, after a photo, it was drawn as a broken picture's placeholder 🖼 on
the page that sent it. It is named as for a single pick now, wherever it was picked, and the
photo beside it keeps its own id (the ack's ids are one per file). Headless Chromium."""
from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import page, pytestmark, server, wait

__all__ = ["page", "pytestmark", "server"]

# the server's acks, as the page gets them (one id per file sent)
ACKS = """
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (m) {
  if (!window.acks) { window.acks = []; this.addEventListener("message", (ev) => {
    const m = JSON.parse(ev.data); if (m.op === "ack") window.acks.push(m.ids); }); }
  return send.call(this, m); };
"""
BUBBLE = """
const me = [...document.querySelectorAll(".msg.me")].pop(), imgs = [...me.querySelectorAll("img")];
return {acks: window.acks || [], text: me.innerText, pictures: imgs.length, placeholders: imgs.filter((i) => i.classList.contains("unshown")).length,
        names: imgs.map((i) => i.alt), ids: imgs.map((i) => i.dataset.id || null)};
"""


def _sent(driver, tmp_path, order: list[str]) -> dict:
    driver.execute_script(ACKS)
    (tmp_path / "holiday.jpg").write_bytes(make_photo(160, 120))
    (tmp_path / "notes.txt").write_text("not a photo at all\n")
    driver.find_element(By.ID, "file").send_keys("\n".join(str(tmp_path / name) for name in order))
    wait(driver, lambda d: "+1" in d.find_element(By.ID, "attname").text)
    box = driver.find_element(By.ID, "text")
    box.send_keys("/style monet")
    box.send_keys(Keys.ENTER)
    wait(driver, lambda d: d.execute_script(BUBBLE)["ids"] and all(d.execute_script(BUBBLE)["ids"]))
    driver.execute_script("return new Promise((done) => setTimeout(done, 300))")
    return driver.execute_script(BUBBLE)


@pytest.mark.parametrize("order", [["holiday.jpg", "notes.txt"], ["notes.txt", "holiday.jpg"]])
async def test_a_text_file_among_pictures_is_shown_by_its_name(page, tmp_path, order):
    seen = await asyncio.to_thread(_sent, page, tmp_path, order)
    assert seen["pictures"] == 1 and seen["placeholders"] == 0, seen
    assert seen["names"] == ["holiday.jpg"], seen
    assert seen["text"].startswith("📎 notes.txt /style monet"), seen
    assert seen["ids"] == [seen["acks"][-1][order.index("holiday.jpg")]], seen     # the photo's own
