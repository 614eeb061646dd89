"""/help names every command a user has, in both languages and on every platform, and no command
that is not one. It named neither /styles (the artists' list: only its Korean name, /화가목록)
nor /start (the welcome with the examples), in English or Korean, on Telegram, the web chat or
Discord (whose picker shows both)."""
from __future__ import annotations

import re

import pytest

from bot.chat import Reply, reworded
from bot.commands import KOREAN_ALIASES, CommandLayer

from tests.bot.test_commands import say

USER_COMMANDS = [name for name in CommandLayer.COMMAND_NAMES if name != "help"]    # /help is this one


def dc_help(text: str) -> str:
    from bot.discord_bot import DISCORD_WORDING     # the Discord front-end's own /help text

    return reworded(Reply(text), DISCORD_WORDING).text


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("user", ["tg:1", "web:1", "dc:1"])
async def test_help_names_every_user_command(layer, lang, user):
    text = (await say(layer, "/help", user=user, locale=lang)).texts[0]
    if user.startswith("dc:"):
        text = dc_help(text)
        assert text.startswith(("Commands", "명령어")) and "Stylize" in text
    named = set(re.findall(r"/([a-z]+)\b", text))
    assert [name for name in USER_COMMANDS if name not in named] == [], text
    # and nothing stale: each /word a command, a Korean command's name, or an artist's (/monet)
    artists = {a.slug for a in layer.catalog.artists}
    stale = {word for word in named if word not in CommandLayer.COMMAND_NAMES and word not in artists}
    assert stale == set(), text
    korean = set(re.findall(r"/([가-힣]+)", text)) - {"화가이름"}       # "/화가이름 (예: /monet)": /ARTIST
    assert korean <= set(KOREAN_ALIASES), korean - set(KOREAN_ALIASES)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("user", ["tg:1", "web:1", "dc:1"])
async def test_the_welcome_says_how_to_paint_at_once_and_names_real_commands(layer, lang, user):
    """/start (a new user's first answer): within its first 4 lines, how to get a painting (a photo
    with /style and an artist); every /word in it a command or an artist."""
    text = (await say(layer, "/start", user=user, locale=lang)).texts[0]
    if user.startswith("dc:"):
        text = dc_help(text)      # (Discord's own welcome, as its front-end words it)
    first = "\n".join(text.split("\n")[:4])
    example = {"en": "/style gogh", "ko": "/style 고흐"}[lang]        # (Korean examples: Korean names)
    assert example in first and ("photo" in first or "사진" in first), first
    artists = {a.slug for a in layer.catalog.artists}
    named = set(re.findall(r"/([a-z]+)\b", text))
    assert named <= set(CommandLayer.COMMAND_NAMES) | artists, named
    assert {"style", "hq", "help"} <= named
