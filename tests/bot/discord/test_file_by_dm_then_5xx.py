"""A painting whose file the channel refused (no Attach Files) went to its user by DM; the note
left in the channel ("sent to you by direct message") then met Discord's 5xx at every try of
discord.py's. The error reached the painting path, which logged "a painting could not be sent"
and told the user so, although they had the painting. It counts as delivered: one log line,
nothing raised. (A 404 there instead: test_file_by_dm_then_404.)"""
from __future__ import annotations

import logging

import discord.http
import discord.webhook.async_ as webhook_async
import pytest

from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.discord import test_discord, test_discord_limits
from tests.bot.discord.test_discord import USER, style_with_photo
from tests.bot.discord.test_followup_5xx import QuickRetries
from tests.bot.fake_discord import APP_ID, user_message

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast


@pytest.mark.slow
@pytest.mark.parametrize("asked", ["slash", "mention"])
async def test_a_painting_sent_by_dm_counts_as_delivered_when_the_channel_note_then_5xxs(
        discord_fast, caplog, monkeypatch, asked):
    fake, frontend = discord_fast
    monkeypatch.setattr(discord.http, "asyncio", QuickRetries())
    monkeypatch.setattr(webhook_async, "asyncio", QuickRetries())
    caplog.set_level(logging.INFO)
    fake.no_files_channels.add("444")
    fake.channels["444"] = {"id": "444", "type": 0, "name": "general", "position": 0, "guild_id": "555",
                            "permission_overwrites": [], "nsfw": False, "parent_id": None}
    sent = fake.sent

    def dm_then_trouble(body, files, channel_id="0"):
        made = sent(body, files, channel_id=channel_id)
        if files and channel_id == fake.dm_channels.get(USER["id"]):    # the painting, by DM: then 5xx
            fake.failed_unmade[("POST", "/webhooks/")] = 5                      # the follow-up note (slash)
            fake.acted_then_failed[("POST", "/channels/444/messages")] = 5      # and its post in the channel
        return made

    fake.sent = dm_then_trouble
    painted = []
    frontend.handlers.painting_sent = lambda: painted.append(True)
    if asked == "slash":
        await fake.dispatch("INTERACTION_CREATE", style_with_photo(fake, channel_id="444", guild_id="555"))
    else:                        # "@Paintbot gogh" with a photo: the replies are the channel's posts
        photo = fake.add_attachment("cat.jpg", make_photo(160, 120, seed=3))
        await fake.dispatch("MESSAGE_CREATE", user_message(USER, "444", f"<@{APP_ID}> gogh", [photo], guild_id="555"))
    await fake.wait_for(lambda: [r for r in caplog.records if "the file was delivered" in r.getMessage()], timeout=30)
    await fake.wait_for(lambda: painted, timeout=5)
    dm = fake.dm_channels[USER["id"]]
    assert [m for m in fake.messages if m["channel_id"] == dm and m["attachments"]]     # the user has it
    said = caplog.text
    assert "could not be sent" not in said, said
    told = [b.get("content") or "" for _, b, _ in fake.recorded("POST", "/")]
    assert not [s for s in told if t("en", "send_failed").split(".")[0] in s], told
    noted = [r for r in caplog.records if "the file was delivered" in r.getMessage()]
    assert len(noted) == 1 and noted[0].levelno == logging.WARNING and "444" in noted[0].getMessage()
