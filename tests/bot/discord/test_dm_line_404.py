"""After a restart, a progress line that went to its user by DM is edited there when the channel
answers 404 (Unknown Message: it is not there), as on 403."""
from __future__ import annotations

import pytest

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.discord.test_discord_flows import delivered_to_a_dm_line

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast   # (the fake queue: a painting is its photo)


@pytest.mark.slow
async def test_after_a_restart_a_dm_line_is_edited_there_when_the_channel_answers_404(discord_fast):
    """A job's progress line went to its user by DM (the channel refused the bot's posts then);
    after a restart, with the bot allowed to post there again, editing that line through the
    channel is 404 (10008 Unknown Message: it is not in that channel). Only a 403 had the DM line
    edited: a second line came in the channel under one stuck at "waiting in line" in the DM. The
    DM line is edited to the outcome; the painting goes to the channel, where it can be posted."""
    fake, frontend = discord_fast
    dm = await delivered_to_a_dm_line(fake, frontend)
    in_dm = [m["content"] for m in fake.messages if m["channel_id"] == dm]
    assert in_dm == ["<#444> ✅ Vincent van Gogh: done"], in_dm
    in_channel = [m for m in fake.messages if m["channel_id"] == "444"]
    assert len(in_channel) == 1 and in_channel[0]["attachments"], [m["content"] for m in in_channel]
