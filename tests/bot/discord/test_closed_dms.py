"""A user whose DMs are closed to the bot: once a DM to them is refused (403, 50007), the bot
remembers it for a while (DM_CLOSED_S, per user, a bounded number of users), and their next private
replies go straight to the channel, mentioning them, instead of each trying the DM first (one
refused call each)."""
from __future__ import annotations

import pytest

from bot import discord_dm

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.discord.test_discord import USER, style_with_photo

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast   # (the fake queue: a painting is its photo)


@pytest.mark.slow
async def test_closed_dms_are_tried_once_for_several_private_replies(discord_fast):
    """Three errors of expired interactions (each for its user alone): the first tries the DM
    (refused) and says it in the channel mentioning the user; the next two are said in the
    channel at once, with no DM tried."""
    fake, _ = discord_fast
    fake.closed_dms.add(USER["id"])
    fake.webhook_calls_left = 0
    for n in range(3):
        await fake.dispatch("INTERACTION_CREATE", style_with_photo(fake, f"nosuchpainter{n}x", channel_id="444",
                                                                   guild_id="555"))
        await fake.wait_for(lambda: [m for m in fake.messages if f"nosuchpainter{n}x" in m["content"]], timeout=15)
    said = [m["content"] for m in fake.messages if m["channel_id"] == "444"]
    assert len(said) == 3 and all(s.startswith(f"<@{USER['id']}> ") for s in said), said
    dm = fake.dm_channels[USER["id"]]
    tried = fake.recorded("POST", f"/channels/{dm}/messages")
    assert len(tried) == 1, tried


def test_a_closed_dm_is_forgotten_after_a_while_and_memory_is_bounded():
    now = [1000.0]
    closed = discord_dm.ClosedDMs(clock=lambda: now[0], limit=3)
    closed.remember(1)
    assert closed.is_closed(1) and not closed.is_closed(2)
    now[0] += discord_dm.DM_CLOSED_S + 1           # they may have opened them since: tried again
    assert not closed.is_closed(1)
    for user in range(10, 20):
        closed.remember(user)
    assert len(closed) == 3 and closed.is_closed(19) and not closed.is_closed(10)
    closed.forget(19)
    assert not closed.is_closed(19)
