"""A painting's follow-up answered 5xx on every one of discord.py's tries: 0044bba took it as maybe
delivered and never posted it, so where Discord had NOT made it the painting was lost (the user saw
"thinking…" go and nothing come). Now the bot looks in the channel's history for it (the bot's
message since the first try, same text and file): there, it is not posted again; not there, or the
history unreadable (no Read Message History), it is posted in the channel, mentioning its user."""
from __future__ import annotations

import asyncio
import logging

import discord.webhook.async_ as webhook_async
import pytest

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.discord.test_followup_5xx import QuickRetries

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast


async def _painted(fake, caplog, what: str):
    await fake.dispatch("INTERACTION_CREATE", test_discord.style_with_photo(fake, channel_id="444", guild_id="555"))
    await fake.wait_for(lambda: [r for r in caplog.records if what in r.getMessage()], timeout=20)
    await asyncio.sleep(0.5)
    return [m for m in fake.messages if m["attachments"] and m["channel_id"] == "444"]


@pytest.mark.slow
async def test_a_painting_discord_never_made_is_posted_in_the_channel(discord_fast, monkeypatch, caplog):
    fake, _ = discord_fast
    monkeypatch.setattr(webhook_async, "asyncio", QuickRetries())
    caplog.set_level(logging.INFO)
    fake.failed_unmade[("POST", "/webhooks/", "file")] = 5           # every try, none made
    await _painted(fake, caplog, "posted in the channel")
    await fake.wait_for(lambda: [m for m in fake.messages if m["attachments"] and m["channel_id"] == "444"], timeout=10)
    paintings = [m for m in fake.messages if m["attachments"] and m["channel_id"] == "444"]
    assert len(paintings) == 1                                          # not lost, once
    assert [c for c in fake.recorded("POST", "/channels/444/messages") if c[2]]


@pytest.mark.slow
async def test_a_painting_discord_made_is_found_and_not_posted_again(discord_fast, monkeypatch, caplog):
    fake, _ = discord_fast
    monkeypatch.setattr(webhook_async, "asyncio", QuickRetries())
    caplog.set_level(logging.INFO)
    fake.acted_then_failed[("POST", "/webhooks/", "file")] = 5
    await _painted(fake, caplog, "but made it")
    assert not [c for c in fake.recorded("POST", "/channels/444/messages") if c[2]]      # none more of ours


@pytest.mark.slow
async def test_a_painting_in_an_unreadable_channel_is_posted_rather_than_lost(discord_fast, monkeypatch, caplog):
    fake, _ = discord_fast
    monkeypatch.setattr(webhook_async, "asyncio", QuickRetries())
    caplog.set_level(logging.INFO)
    fake.unreadable_channels.add("444")
    fake.acted_then_failed[("POST", "/webhooks/", "file")] = 5
    await _painted(fake, caplog, "could not look in channel")
    await fake.wait_for(lambda: [c for c in fake.recorded("POST", "/channels/444/messages") if c[2]], timeout=10)
