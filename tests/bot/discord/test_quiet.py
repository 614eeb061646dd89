"""A slash command (or a button) on Discord is always answered: where the command layer keeps a
refusal quiet (said once a burst), the front-end deleted the interaction's "thinking…" line, and
the user's command vanished with no answer. An interaction's refusal is the user's alone
(ephemeral): each is told."""
from __future__ import annotations

import asyncio

from bot.messages import t

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast


async def test_each_refused_slash_command_is_answered(discord_fast, fake_queue, settings):
    settings.MAX_PENDING_PER_USER = 2
    fake_queue.delay = 8.0              # the first two paintings stay in progress while the rest come
    fake, _ = discord_fast
    for _ in range(5):
        await fake.dispatch("INTERACTION_CREATE", test_discord.style_with_photo(fake, channel_id="444",
                                                                                 guild_id="555"))
    refusal = t("en", "too_many_pending", count=2)

    def said():
        return [(m, p) for m, p, j, f in fake.calls if refusal in str(j)]
    await fake.wait_for(lambda: len(said()) >= 3, timeout=20)
    await asyncio.sleep(0.2)
    assert len(fake_queue.jobs) == 2 and len(said()) == 3, said()     # each refused command answered (was 1)


async def test_cancel_with_nothing_to_cancel_is_answered_each_time(discord_fast):
    fake, _ = discord_fast
    for _ in range(3):
        await fake.dispatch("INTERACTION_CREATE", test_discord.interaction(2, {"id": "7", "name": "cancel", "type": 1},
                                                                           test_discord.USER, channel_id="444",
                                                                           guild_id="555"))
    nothing = t("en", "nothing_to_cancel")

    def said():
        return [(m, p) for m, p, j, f in fake.calls if nothing in str(j)]
    await fake.wait_for(lambda: len(said()) >= 3, timeout=20)       # (was 1: the rest deleted unanswered)
