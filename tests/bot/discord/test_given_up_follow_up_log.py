"""A painting's follow-up discord.py gave up on (429 or Discord's 5xx past its retries) goes the
channel's way; where the channel refuses the bot's posts too, the log line said "interaction
expired and cannot post in channel ... either", though the interaction had not expired: an
operator looked for a slow gateway or a 15-minute painting. It says what happened: rate limited,
or Discord's error status."""
from __future__ import annotations

import logging

import discord.webhook.async_ as webhook_async
import pytest

from tests.bot.discord import test_discord, test_discord_limits
from tests.bot.discord.test_discord import style_with_photo
from tests.bot.discord.test_followup_5xx import QuickRetries

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast


@pytest.mark.slow
@pytest.mark.parametrize("status, said", [(429, "follow-up rate limited (429)"),
                                          (500, "follow-up failed with Discord error 500")])
async def test_the_log_says_why_the_follow_up_left_the_interaction(discord_fast, monkeypatch, caplog, status, said):
    fake, _ = discord_fast
    monkeypatch.setattr(webhook_async, "asyncio", QuickRetries())      # (5xx: discord.py's waits short)
    caplog.set_level(logging.INFO)
    fake.forbidden_channels.add("444")
    failing = fake.rate_limited if status == 429 else fake.failed_unmade
    failing[("POST", "/webhooks/", "file")] = 5                          # every try of discord.py's
    await fake.dispatch("INTERACTION_CREATE", style_with_photo(fake, channel_id="444", guild_id="555"))
    lines = await fake.wait_for(lambda: [r.getMessage() for r in caplog.records
                                         if "cannot post in channel 444 either" in r.getMessage()], timeout=20)
    assert lines[0].startswith(f"{said} and cannot post in channel 444 either"), lines
    assert not [line for line in lines if "expired" in line], lines
