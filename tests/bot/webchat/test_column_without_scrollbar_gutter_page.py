"""The messages' column and the message box line up beside a laptop's scrollbar by the same
scrollbar-gutter on both (test_column_with_scrollbar_page.py). A browser without scrollbar-gutter
(Safari before 18.2, whose scrollbars take room on a Mac with a mouse) kept the box 15 px wider
than the column. Such a browser is stood in for by setting the gutter back to none: the box is
padded by the list's scrollbar there. Headless Chromium at 1280x800."""
from __future__ import annotations

import asyncio

from tests.bot.webchat.test_column_with_scrollbar_page import _edges
from tests.bot.webchat.test_webchat_page import page, pytestmark, server

__all__ = ["page", "pytestmark", "server"]

NO_GUTTER = """
const style = document.createElement("style");
style.textContent = "#messages, form { scrollbar-gutter:auto !important; }";
document.head.appendChild(style);
"""


async def test_without_scrollbar_gutter_the_box_still_lines_up_with_the_column(page):
    page.execute_script(NO_GUTTER)
    seen = await asyncio.to_thread(_edges, page)
    assert seen["scrolls"] and seen["scrollbar"] > 0, seen     # a scrollbar taking room, no gutter beside the box
    assert abs(seen["meRight"] - seen["sendRight"]) <= 1, seen
    assert abs(seen["botLeft"] - seen["fileLeft"]) <= 1, seen
