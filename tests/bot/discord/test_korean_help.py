"""/help on Discord, in Korean, names the slash commands as a Korean client's picker shows them
(/스타일, /도움말, ...: their name_localizations, tests/bot/test_korean_names.py)."""
from __future__ import annotations

import re

import pytest

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.fake_discord import APP_ID, interaction
from tests.bot.discord.test_discord import USER

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast


@pytest.mark.slow
async def test_korean_help_on_discord_names_the_korean_slash_names(discord_fast):
    """A Korean client's picker shows /스타일, /도움말, ...; /help in Korean named only /style,
    /help, ..., which that picker does not show. It now has a line of the Korean names, each one
    the picker has; the English names stay listed."""
    fake, _ = discord_fast
    names = {(c.get("name_localizations") or {}).get("ko") for c in fake.synced if c.get("type", 1) == 1}
    posts = len(fake.recorded("POST", f"/webhooks/{APP_ID}/"))
    await fake.dispatch("INTERACTION_CREATE", interaction(2, {"id": "9", "name": "help", "type": 1}, USER,
                                                          channel_id="333", locale="ko"))
    replies = await fake.wait_for(lambda: fake.recorded("POST", f"/webhooks/{APP_ID}/")[posts:])
    text = "\n".join(body.get("content") or "" for _, body, _ in replies)
    assert "/style" in text                                  # the English names still listed
    listed = set(re.findall(r"/([가-힣]+)", text))
    assert {"스타일", "고화질", "섞기", "도움말", "취소"} <= listed, text
    assert listed <= names, listed - names                   # only names the picker has
