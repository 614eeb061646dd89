"""The web chat's welcome was a second copy of the bot's (bot/messages: "start" and "web_start",
18 lines each, both languages) differing in two lines: a change to the welcome would reach
Telegram and Discord but not the web chat. It is the bot's welcome now, those two lines said the
page's way (web_start_how, web_start_named)."""
from __future__ import annotations

import pytest

from bot.commands import Reply
from bot.messages import t, table
from bot.webchat import payload


@pytest.mark.parametrize("lang, caption", [("en", "caption"), ("ko", "캡션")])
def test_the_welcome_is_the_bots_own_with_its_caption_lines_said_the_pages_way(lang, caption, monkeypatch):
    start = t(lang, "start")
    web = payload("send", "1", Reply(start))["text"]
    assert caption not in web and "📷" in web
    # every other line is the bot's welcome's, as it stands
    kept = [line for line in start.split("\n") if caption not in line]
    assert [line for line in web.split("\n") if line in kept] == kept
    assert len(web.split("\n")) == len(start.split("\n"))
    # a line added to the welcome is in the web chat's too (a copy of it did not change)
    monkeypatch.setitem(table(lang), "start", start + "\n  /newcommand — something new")
    web = payload("send", "1", Reply(t(lang, "start")))["text"]
    assert web.endswith("/newcommand — something new") and caption not in web, web
