"""A job's result delivered after a restart (DiscordFrontend.deliver, its posts now through the
live replies' fallbacks, discord_sending.PartsSender): a channel that refuses the bot's posts
with the user's DMs closed too loses the result with a log line, never an exception to the
resume task, one DM tried, and nothing posted."""
from __future__ import annotations

import logging

import pytest

from bot.commands import Reply

from tests.bot.conftest import make_photo
from tests.bot.discord import test_discord, test_discord_limits
from tests.bot.discord.test_discord import USER

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast


@pytest.mark.slow
async def test_a_result_for_a_channel_and_dms_both_closed_is_dropped_with_a_log_line(discord_fast, caplog):
    fake, frontend = discord_fast
    caplog.set_level(logging.INFO)
    fake.forbidden_channels.add("444")
    fake.closed_dms.add(USER["id"])
    fake.channels["444"] = {"id": "444", "type": 0, "name": "general", "position": 0, "guild_id": "555",
                            "permission_overwrites": [], "nsfw": False, "parent_id": None}
    await frontend.deliver("dc:444", [Reply("Your photo is painted."),
                                      Reply("🎨 Vincent van Gogh", image=make_photo(160, 120))],
                           user_id=f"dc:{USER['id']}")
    assert not fake.messages
    dm = fake.dm_channels.get(USER["id"])
    assert len(fake.recorded("POST", f"/channels/{dm}/messages")) <= 1
    said = [r.getMessage() for r in caplog.records if r.name == "bot.discord_bot" and r.levelno == logging.WARNING]
    assert said and "444" in said[-1] and "by DM" in said[-1] and "dropped" in said[-1], said
