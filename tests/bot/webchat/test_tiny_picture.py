"""A 1×1 photo showed as a 1-pixel dot in the user's own bubble (nothing to see, nothing to click
for a reply). Now a picture is shown at least 48 px on each side, its aspect kept, a tiny one's
pixels sharp."""
from __future__ import annotations

import asyncio

from tests.bot.webchat import test_webchat_page
from tests.bot.conftest import make_photo
from tests.bot.webchat.test_webchat_page import say, wait

page, server = test_webchat_page.page, test_webchat_page.server       # (the fixtures)
pytestmark = test_webchat_page.pytestmark                           # (a browser: skipped without one)


def _shown(driver, name: str, path) -> dict:
    say(driver, "", path)
    wait(driver, lambda d: d.execute_script(
        "const i = [...document.querySelectorAll('.msg.me img')].pop(); return i && i.complete && i.naturalWidth"))
    return driver.execute_script(
        "const i = [...document.querySelectorAll('.msg.me img')].pop(), r = i.getBoundingClientRect();"
        "return {w: r.width, h: r.height, rendering: getComputedStyle(i).imageRendering}")


async def test_a_one_pixel_photo_is_shown_big_enough_to_see(page, tmp_path):
    dot = tmp_path / "dot.png"
    dot.write_bytes(make_photo(1, 1, fmt="PNG"))
    shown = await asyncio.to_thread(_shown, page, "dot", dot)
    assert shown["w"] >= 48 and shown["h"] >= 48
    assert abs(shown["w"] - shown["h"]) < 1                 # square, as the photo
    assert shown["rendering"] == "pixelated"


async def test_a_tiny_strip_keeps_its_aspect(page, tmp_path):
    strip = tmp_path / "strip.png"
    strip.write_bytes(make_photo(4, 2, fmt="PNG"))
    shown = await asyncio.to_thread(_shown, page, "strip", strip)
    assert abs(shown["h"] - 48) < 1 and abs(shown["w"] - 96) < 1


async def test_an_ordinary_photo_is_shown_as_before(page, tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(make_photo(96, 72))
    shown = await asyncio.to_thread(_shown, page, "photo", photo)
    assert (round(shown["w"]), round(shown["h"])) == (96, 72)
    assert shown["rendering"] != "pixelated"
