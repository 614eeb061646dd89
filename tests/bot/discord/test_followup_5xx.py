"""A painting's follow-up that Discord took but answered 5xx (its trouble after acting): discord.py
sends it again itself (5 tries); once it gave up, the bot posted the painting once more in the
channel, one copy more on top of discord.py's. A 5xx does not say the follow-up was refused: the
bot looks for it in the channel and, found, does not send it again (no "could not send" either;
not found, it is posted: test_followup_5xx_lost). A 429 past the retries (refused,
surely not taken) still goes to the channel (test_discord_flows)."""
from __future__ import annotations

import asyncio
import logging

import discord.webhook.async_ as webhook_async
import pytest

from bot.messages import t

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast


class QuickRetries:
    """discord.py's webhook module's asyncio, its waits between 5xx tries (1 s, 3 s, ... 9 s) short."""

    def __getattr__(self, name):
        return getattr(asyncio, name)

    @staticmethod
    async def sleep(delay, result=None):
        return await asyncio.sleep(min(delay, 0.01), result)


@pytest.mark.slow
async def test_a_painting_discord_took_but_answered_5xx_is_not_posted_again(discord_fast, monkeypatch, caplog):
    fake, _ = discord_fast
    monkeypatch.setattr(webhook_async, "asyncio", QuickRetries())
    caplog.set_level(logging.INFO)
    fake.acted_then_failed[("POST", "/webhooks/", "file")] = 5          # every try of discord.py's
    await fake.dispatch("INTERACTION_CREATE", test_discord.style_with_photo(fake, channel_id="444", guild_id="555"))
    await fake.wait_for(lambda: [r for r in caplog.records if "but made it" in r.getMessage()], timeout=20)
    await asyncio.sleep(0.5)
    paintings = [m for m in fake.messages if m["attachments"]]
    assert len(paintings) == 5                                # discord.py's own tries, each taken
    assert not [c for c in fake.recorded("POST", "/channels/444/messages") if c[2]]      # none more of ours
    said = [b.get("content") or "" for _, b, _ in fake.recorded("POST", "/")]
    assert not [s for s in said if t("en", "send_failed").split(".")[0] in s or
                t("en", "engine_error").split(".")[0] in s], said
