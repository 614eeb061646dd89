"""A slash command's follow-up that discord.py gave up on (429 past its retries) goes the channel's
way once; where the bot may not post there and the user's DMs are closed, that one reply is lost.
The interaction itself still answers (its token lasts 15 minutes): the command's later replies
come as follow-ups. Taken for the chat being gone (ChatUnreachable), the painting was cancelled
for a lost progress line, though its follow-up would have arrived."""
from __future__ import annotations

import logging

import pytest

from tests.bot.discord import test_discord, test_discord_limits
from tests.bot.fake_discord import APP_ID

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast


@pytest.mark.slow
async def test_a_lost_follow_up_with_no_channel_nor_dm_leaves_the_interaction_answering(discord_fast, fake_queue,
                                                                                       caplog):
    fake, _ = discord_fast
    fake_queue.delay = 0.3
    fake.forbidden_channels.add("444")
    fake.closed_dms.add(test_discord.USER["id"])
    fake.rate_limited[("POST", "/webhooks/")] = 5        # the progress line: every try of discord.py's
    with caplog.at_level(logging.INFO, "bot"):
        await fake.dispatch("INTERACTION_CREATE", test_discord.style_with_photo(fake, channel_id="444",
                                                                                guild_id="555"))
        painted = await fake.wait_for(lambda: [c for c in fake.recorded("POST", f"/webhooks/{APP_ID}/") if c[2]],
                                      timeout=20)
    assert painted and not fake_queue.cancelled_jobs
    assert "the chat takes no messages from the bot" not in caplog.text
