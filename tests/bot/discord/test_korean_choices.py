"""The choices of /size, named in Korean for a Korean client (작게 ... 아주 크게, the words /size
reads typed): the picker showed "small", "medium", "large", "xl" alone, English under a Korean
command (/크기). Their values are as before: the command gets "small" whatever the client shows."""
from __future__ import annotations

import pytest

from bot.messages import table

from tests.bot.discord import test_discord, test_discord_limits
from tests.bot.discord.test_discord import USER
from tests.bot.fake_discord import interaction

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast


@pytest.mark.slow
async def test_the_size_choices_have_korean_names_and_the_same_values(discord_fast, store):
    fake, _ = discord_fast
    [size] = [c for c in fake.synced if c["name"] == "size"]
    choices = size["options"][0]["choices"]
    assert [c["value"] for c in choices] == [c["name"] for c in choices] == ["small", "medium", "large", "xl"]
    korean = [c["name_localizations"]["ko"] for c in choices]
    assert korean == [table("ko")[f"dc_choice_size_{v}"] for v in ("small", "medium", "large", "xl")]
    assert [k.split(" (")[0] for k in korean] == ["작게", "보통", "크게", "아주 크게"]
    await fake.dispatch("INTERACTION_CREATE", interaction(2, {
        "id": "9", "name": "size", "type": 1, "options": [{"name": "size", "type": 3, "value": "small"}]},
        USER, channel_id="333", locale="ko"))
    await fake.wait_for(lambda: store.prefs(f"dc:{USER['id']}").output_size, timeout=15)
