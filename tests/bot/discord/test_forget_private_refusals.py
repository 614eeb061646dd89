"""/forgetme clears the Discord front-end's own quiet slot of private refusals (a lost
interaction's refusal, said by DM or mention once a burst): the command layer clears its own, and
Telegram its "no pictures" note; here the next refusal after the /forgetme was swallowed."""
from __future__ import annotations

import pytest

from bot.messages import t

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.fake_discord import user_message
from tests.bot.discord.test_discord import USER
from tests.bot.discord.test_discord_messages import DM, posts

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast

WAIT_S = 15.0
NAME = "nosuchpainterabc"


@pytest.mark.slow
async def test_a_private_refusal_is_said_again_after_forgetme(discord_fast):
    fake, _ = discord_fast
    fake.refused_callbacks = (404, 10062, "Unknown interaction")     # each acknowledged too late

    def said() -> int:
        return len([m for m in fake.messages if NAME in m["content"]])

    async def tap() -> None:
        await fake.dispatch("INTERACTION_CREATE", test_discord.style_with_photo(fake, NAME, channel_id="444",
                                                                                 guild_id="555"))
    await tap()
    await fake.wait_for(lambda: said() == 1, timeout=WAIT_S)
    await tap()                          # the same refusal within the burst: not said again
    await fake.dispatch("MESSAGE_CREATE", user_message(USER, DM, "/forgetme yes"))
    await fake.wait_for(lambda: any(p["content"] == t("en", "forgot") for p in posts(fake, DM)), timeout=WAIT_S)
    assert said() == 1
    await tap()                          # after the /forgetme: said again (was swallowed)
    await fake.wait_for(lambda: said() == 2, timeout=WAIT_S)


async def test_forget_drops_only_that_users_slots(discord_fast):
    """The hook forgets the user's keys (their Discord id, an int) and no one else's."""
    _, frontend = discord_fast
    said = frontend._said_privately
    assert said.first((int(USER["id"]), 444, "a")) and said.first((77, 444, "a"))
    assert frontend.forget in frontend.layer.forget_hooks
    frontend.forget(f"dc:{USER['id']}")
    assert said.first((int(USER["id"]), 444, "a"))   # said again
    assert not said.first((77, 444, "a"))            # another user's slot stays
