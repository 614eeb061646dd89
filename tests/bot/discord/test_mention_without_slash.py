"""A server message mentioning the bot with a command typed without its slash ("@Paintbot hq
monet", "@Paintbot size 작게 (small)" pasted from /size's choice, read to "size small") does that
command (bot/slashless.py); it got "Which artist…?" and nothing was done. "@Paintbot size
matters?" is talk: the hint, as before, no /size usage."""
from __future__ import annotations

import pytest

from tests.bot.conftest import make_photo
from tests.bot.discord import test_discord, test_discord_limits
from tests.bot.discord.test_discord import USER
from tests.bot.discord.test_discord_messages import CHANNEL, replies_to
from tests.bot.fake_discord import APP_ID, user_message

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast
WAIT_S = 15.0
GUILD_ID = "555"
ANN = f"dc:{USER['id']}"


async def test_a_mention_with_hq_and_an_artist_paints_in_high_quality(discord_fast, fake_queue):
    fake, _ = discord_fast
    photo = fake.add_attachment("cat.jpg", make_photo(160, 120, seed=3))
    await fake.dispatch("MESSAGE_CREATE", user_message(USER, CHANNEL, f"<@{APP_ID}> hq monet", [photo],
                                                       guild_id=GUILD_ID))
    await fake.wait_for(lambda: fake_queue.jobs, timeout=WAIT_S)
    job = fake_queue.jobs[0]
    assert [ref.value for ref in job.styles] == ["monet"] and job.method == "gatys"


@pytest.mark.parametrize("typed", ["size small", "size 작게 (small)", "크기 작게"])
async def test_a_mention_with_a_size_sets_it(discord_fast, layer, typed):
    fake, _ = discord_fast
    msg = user_message(USER, CHANNEL, f"<@{APP_ID}> {typed}", guild_id=GUILD_ID)
    await fake.dispatch("MESSAGE_CREATE", msg)
    await fake.wait_for(lambda: replies_to(fake, CHANNEL, msg), timeout=WAIT_S)
    assert layer.store.prefs(ANN).output_size == 384, replies_to(fake, CHANNEL, msg)


async def test_a_mention_with_talk_gets_the_hint_as_before(discord_fast, layer):
    fake, _ = discord_fast
    msg = user_message(USER, CHANNEL, f"<@{APP_ID}> size matters?", guild_id=GUILD_ID)
    await fake.dispatch("MESSAGE_CREATE", msg)
    [reply] = await fake.wait_for(lambda: replies_to(fake, CHANNEL, msg), timeout=WAIT_S)
    assert "Send me a photo" in reply["content"] and "Use /size" not in reply["content"], reply["content"]
    assert layer.store.prefs(ANN).output_size is None
