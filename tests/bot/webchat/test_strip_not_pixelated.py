"""fb456c6 drew a picture under 48 px on either side pixelated (sharp pixels for a 1×1 photo shown
at 48 px). A long thin strip (a 600×20 panorama) is under 48 px high but drawn smaller than it is,
to fit the bubble: pixelated, a scaled-down photo is jagged (every other column of pixels
dropped). Only a picture drawn larger than it is (both sides under 48 px) is pixelated."""
from __future__ import annotations

import asyncio

from tests.bot.webchat import test_webchat_page
from tests.bot.conftest import make_photo
from tests.bot.webchat.test_tiny_picture import _shown

page, server = test_webchat_page.page, test_webchat_page.server       # (the fixtures)
pytestmark = test_webchat_page.pytestmark                           # (a browser: skipped without one)


async def test_a_long_strip_drawn_smaller_is_not_pixelated(page, tmp_path):
    strip = tmp_path / "strip.png"
    strip.write_bytes(make_photo(1200, 20, fmt="PNG"))
    shown = await asyncio.to_thread(_shown, page, "strip", strip)
    assert shown["w"] < 1200                     # drawn smaller than it is (the bubble's width)
    assert shown["rendering"] != "pixelated"


async def test_a_small_picture_drawn_larger_is_still_pixelated(page, tmp_path):
    small = tmp_path / "small.png"
    small.write_bytes(make_photo(20, 30, fmt="PNG"))
    shown = await asyncio.to_thread(_shown, page, "small", small)
    assert shown["h"] >= 48 and shown["rendering"] == "pixelated"


async def test_a_narrow_picture_drawn_larger_is_pixelated(page, tmp_path):
    """10×100: the 48 px width is drawn from its aspect (a taller box): scaled up, pixelated."""
    narrow = tmp_path / "narrow.png"
    narrow.write_bytes(make_photo(10, 100, fmt="PNG"))
    shown = await asyncio.to_thread(_shown, page, "narrow", narrow)
    assert shown["w"] >= 48 and shown["h"] > 100
    assert shown["rendering"] == "pixelated"
