"""The choices of /size, named in Korean for a Korean client (작게 ... 아주 크게, the words /size
reads typed): the picker showed "small", "medium", "large", "xl" alone, English under a Korean
command (/크기). Their values are as before: the command gets "small" whatever the client shows.
(The option is autocompleted now, bot/discord_sizes.py: the choices come from its autocomplete,
with their pixels, tests/bot/discord/test_size_option.py.)"""
from __future__ import annotations

import pytest

from bot.messages import table

from tests.bot.discord import test_discord, test_discord_limits
from tests.bot.discord.test_discord import USER
from tests.bot.discord.test_size_option import send_size, size_choices_for

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast


@pytest.mark.slow
async def test_the_size_choices_have_korean_names_and_the_same_values(discord_fast, store):
    fake, _ = discord_fast
    choices = await size_choices_for(fake, "", locale="ko")
    assert [value for _, value in choices] == ["small", "medium", "large", "xl"]
    korean = [name.split(" · ")[0] for name, _ in choices]
    assert korean == [table("ko")[f"dc_choice_size_{v}"] for v in ("small", "medium", "large", "xl")]
    assert [k.split(" (")[0] for k in korean] == ["작게", "보통", "크게", "아주 크게"]
    await send_size(fake, "small", locale="ko")
    assert store.prefs(f"dc:{USER['id']}").output_size
