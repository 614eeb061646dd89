"""Refusals of lost interactions (acknowledged too late, or their token expired) go to their user
by DM (or in the channel, mentioning them): a burst of them, each interaction refused the same way,
was one DM per refusal. As the command layer says a limit once a burst (QUIET_REFUSALS_S), the
same refusal to the same user from the same channel is said once a burst there; a live
interaction's refusal (ephemeral, in its own "thinking…" line) is still told each time."""
from __future__ import annotations

import pytest

from bot.messages import t

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.discord.test_discord import USER

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast


@pytest.mark.slow
@pytest.mark.parametrize("dms", ["open", "closed"])
async def test_a_burst_of_refusals_on_lost_interactions_is_said_once(discord_fast, fake_queue, settings, dms):
    settings.MAX_PENDING_PER_USER = 2
    fake_queue.delay = 30.0             # the first two paintings stay in progress while the rest come (finish_now)
    fake, frontend = discord_fast
    fake.count_handled(frontend.layer)
    fake.refused_callbacks = (404, 10062, "Unknown interaction")       # each acknowledged too late
    if dms == "closed":
        fake.closed_dms.add(USER["id"])
    for _ in range(5):
        await fake.dispatch("INTERACTION_CREATE", test_discord.style_with_photo(fake, channel_id="444",
                                                                                 guild_id="555"))
    refusal = t("en", "too_many_pending", count=2)

    def said():
        return [m for m in fake.messages if refusal in m["content"]]
    # the three refused each answered (said or kept quiet) while the two still paint
    await fake.wait_for(lambda: len(fake_queue.jobs) == 2 and said() and len(fake.handled) == 3, timeout=20)
    assert len(said()) == 1, [m["content"] for m in said()]            # (was 3: one per refused command)
    where = fake.dm_channels[USER["id"]] if dms == "open" else "444"
    assert said()[0]["channel_id"] == where
    fake_queue.finish_now()             # looked: the paintings need not hold the stop (6 s, then cut off)
    await fake.wait_for(lambda: len(fake.handled) == 5, timeout=20)


@pytest.mark.slow
async def test_different_refusals_are_each_said(discord_fast):
    """Only the same reply is kept quiet: another (a different unknown artist) is said."""
    fake, _ = discord_fast
    fake.refused_callbacks = (404, 10062, "Unknown interaction")
    for name in ("nosuchpainterabc", "nosuchpainterdef"):
        await fake.dispatch("INTERACTION_CREATE", test_discord.style_with_photo(fake, name, channel_id="444",
                                                                                 guild_id="555"))
        await fake.wait_for(lambda: [m for m in fake.messages if name in m["content"]], timeout=15)
