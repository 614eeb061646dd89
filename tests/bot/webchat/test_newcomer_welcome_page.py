"""In headless Chromium: a newcomer whose browser lost its "welcomed" flag before they did anything
(the first visit's welcome never arrived: a reload right after it was asked for) opens the chat
again. The bot knows them, and the page showed "Welcome back!" alone, never what the bot does. It
shows the first visit's welcome, once, and keeps its flag again."""
from __future__ import annotations

import asyncio

from tests.bot.webchat.test_one_greeting_page import INTRO, _new_tab_without_the_flag
from tests.bot.webchat.test_webchat_page import page, pytestmark, server

__all__ = ["page", "pytestmark", "server"]


async def test_a_newcomers_new_tab_without_the_flag_gets_the_first_visits_welcome(page, server):
    seen = await asyncio.to_thread(_new_tab_without_the_flag, page, server.url, True, None)
    assert seen["greetings"] == 1, seen
    assert INTRO in seen["shown"] and "Welcome back" not in seen["shown"], seen
    assert seen["flag"] == "1", seen
