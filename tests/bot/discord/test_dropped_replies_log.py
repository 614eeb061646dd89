"""The log line of replies dropped where the channel refuses the bot's posts and the user's DMs are
closed too: it said "cannot reply in channel 444 (403, code 50007)", the DM's refusal given as the
channel's, with no word of the DM tried (the slash side had said "no DM to the user instead
either" before the two send loops became one, bot/discord_sending.py)."""
from __future__ import annotations

import logging

import pytest

from tests.bot.conftest import make_photo
from tests.bot.discord import test_discord, test_discord_limits
from tests.bot.discord.test_discord import USER
from tests.bot.fake_discord import APP_ID, user_message

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast


@pytest.mark.slow
async def test_replies_dropped_for_dms_closed_too_say_the_dm_was_refused(discord_fast, caplog):
    fake, _ = discord_fast
    fake.forbidden_channels.add("444")
    fake.closed_dms.add(USER["id"])
    caplog.set_level(logging.INFO)
    photo = fake.add_attachment("cat.jpg", make_photo(160, 120, seed=3))
    await fake.dispatch("MESSAGE_CREATE", user_message(USER, "444", f"<@{APP_ID}> gogh", [photo], guild_id="555"))
    [dropped] = await fake.wait_for(lambda: [r.getMessage() for r in caplog.records
                                             if "replies are dropped" in r.getMessage()], timeout=15)
    assert "channel 444" in dropped and "nor by DM" in dropped and "50007" in dropped, dropped
