"""A mention's progress line (a reply to the user's message) whose edit Discord made but answered
5xx (its trouble after acting; discord.py tries again itself): the bot took any failed edit for a
line deleted since and posted the line anew, so the channel had the outcome twice, the old line
edited and a new one under it. Only a line not there (404) or not editable (403) is posted anew;
Discord's trouble leaves the line as it is (review DC18, beside the follow-ups' 5xx)."""
from __future__ import annotations

import asyncio

import discord.http
import pytest

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.conftest import make_photo
from tests.bot.fake_discord import APP_ID, user_message
from tests.bot.discord.test_followup_5xx import QuickRetries
from tests.bot.discord.test_discord import USER
from tests.bot.discord.test_discord_messages import painted_reply, replies_to

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast


@pytest.mark.slow
async def test_a_line_edit_discord_made_but_answered_5xx_is_not_posted_again(discord_fast, monkeypatch):
    fake, _ = discord_fast
    monkeypatch.setattr(discord.http, "asyncio", QuickRetries())
    fake.acted_then_failed[("PATCH", "/channels/444/messages/")] = 5        # the first edit, every try
    photo = fake.add_attachment("cat.jpg", make_photo(160, 120, seed=4))
    asking = user_message(USER, "444", f"<@{APP_ID}> gogh", [photo], guild_id="555")
    await fake.dispatch("MESSAGE_CREATE", asking)
    await painted_reply(fake, "444", asking, timeout=20)
    await asyncio.sleep(0.5)
    lines = [p for p in replies_to(fake, "444", asking) if not p["files"]]
    assert len(lines) == 1, [p.get("content") for p in lines]          # the progress line, once
    assert not fake.acted_then_failed[("PATCH", "/channels/444/messages/")]     # (the edit was tried)
