"""A slash command whose interaction is lost (acknowledged too late: its replies go to the channel,
mentioning the user) fell back as a message's replies do, but two fallbacks had drifted apart
from theirs (now one loop, bot/discord_sending.py): a channel gone with nothing sent did not
raise ChatUnreachable, so the painting was made for no one; and a DM that Discord refused for its
own trouble (429 past discord.py's retries) was taken for DMs closed, dropping every reply after
it, the painting too."""
from __future__ import annotations

import logging

import pytest

from tests.bot.discord import test_discord, test_discord_limits

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast
LATE = (404, 10062, "Unknown interaction")         # the acknowledgement past Discord's 3 seconds


@pytest.mark.slow
async def test_a_lost_interaction_in_a_channel_gone_gets_nothing_painted(discord_fast, fake_queue, caplog):
    fake, _ = discord_fast
    fake_queue.delay = 1.0
    fake.refused_callbacks = LATE
    fake.gone_channels.add("444")
    with caplog.at_level(logging.INFO, "bot"):
        await fake.dispatch("INTERACTION_CREATE", test_discord.style_with_photo(fake, channel_id="444",
                                                                                guild_id="555"))
        await fake.wait_for(lambda: fake_queue.cancelled_jobs, timeout=15)
    assert fake_queue.cancelled_jobs == [job.id for job in fake_queue.jobs]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    assert "the chat takes no messages from the bot" in caplog.text


@pytest.mark.slow
async def test_a_dm_refused_by_discords_trouble_drops_that_reply_only(discord_fast, fake_queue):
    """In a channel the bot may not post in, the replies go by DM: the first one (the progress
    line) refused by rate limits past every retry, the painting still comes by DM."""
    fake, _ = discord_fast
    fake_queue.delay = 0.5
    fake.refused_callbacks = LATE
    fake.forbidden_channels.add("444")
    dm = fake.dm_channels.setdefault(test_discord.USER["id"], fake.snowflake())
    fake.channels[dm] = {"id": dm, "type": 1, "last_message_id": None, "recipients": [test_discord.USER]}
    fake.rate_limited[("POST", f"/channels/{dm}/messages")] = 5       # the first DM: every try of discord.py's
    await fake.dispatch("INTERACTION_CREATE", test_discord.style_with_photo(fake, channel_id="444", guild_id="555"))
    await fake.wait_for(lambda: [m for m in fake.messages if m["channel_id"] == dm and m["attachments"]], timeout=20)
    assert not fake_queue.cancelled_jobs
