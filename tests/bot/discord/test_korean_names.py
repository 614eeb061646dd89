"""The slash commands' Korean names: a Discord client in Korean shows /스타일, /도움말, ... (the
commands' ``name_localizations``, sent at sync through bot/discord_descriptions.py's Translator),
the same words the command layer runs typed as text (bot.commands.KOREAN_ALIASES). Discord sends an
interaction with the command's base (English) name whatever the client shows, and discord.py finds
the command by that name (CommandTree._get_app_command_options looks up data["name"])."""
from __future__ import annotations

import io
import re
import unicodedata

import pytest
from PIL import Image

from bot.commands import KOREAN_ALIASES
from bot.messages import table

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.fake_discord import APP_ID
from tests.bot.discord.test_discord import style_with_photo

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast

ENGLISH = {"style", "hq", "mix", "preview", "setstyle", "strength", "keepcolors", "size", "lang", "addstyle",
           "removestyle", "start", "styles", "help", "settings", "status", "cancel", "mydata", "forgetme",
           "stronger", "weaker", "communitystyles", "renamestyle"}


def valid_name(name: str) -> bool:
    """Discord's rule for a slash command's name in any locale: ^[-_\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$
    (letters and digits of any script, '-', '_'), lower case where the script has case."""
    return (1 <= len(name) <= 32 and name == name.lower()
            and all(ch in "-_" or unicodedata.category(ch)[0] in "LN" for ch in name))


def test_the_rule_as_written_here():
    assert valid_name("스타일") and valid_name("style") and valid_name("기록-삭제_2")
    assert not valid_name("Style") and not valid_name("기록 삭제") and not valid_name("화가!") and not valid_name("")
    assert not valid_name("가" * 33)


@pytest.mark.slow
async def test_every_slash_command_has_a_korean_name_its_korean_alias(discord_fast):
    """A Korean Discord client showed /style, /help, ... while the descriptions beside them were
    Korean; typing /스타일 there found nothing. Every slash command now has a Korean name, valid by
    Discord's rules and unique, the word the command layer runs as that command when typed; the
    English names are as they were."""
    fake, _ = discord_fast
    slash = [c for c in fake.synced if c.get("type", 1) == 1]
    assert {c["name"] for c in slash} == ENGLISH and len(slash) == len(ENGLISH)
    korean = {c["name"]: (c.get("name_localizations") or {}).get("ko") for c in slash}
    assert all(korean.values()), [name for name, ko in korean.items() if not ko]
    for english, name in korean.items():
        assert valid_name(name) and re.search("[가-힣]", name), (english, name)
        assert KOREAN_ALIASES.get(name) == english, (english, name)     # /스타일 typed as text is /style too
    assert len(set(korean.values())) == len(korean)                     # unique in the locale
    assert not set(korean.values()) & ENGLISH
    assert all(table("en")[f"dc_name_{english}"] == english for english in ENGLISH)   # en.toml: as they are
    assert korean["style"] == "스타일" and korean["help"] == "도움말" and korean["styles"] == "화가목록"
    assert korean["forgetme"] == "기록삭제" and korean["stronger"] == "더강하게"
    # no other locale gets them (an English client sees the English names)
    assert all(set(c.get("name_localizations") or {}) <= {"ko"} for c in slash)
    # the message menu keeps its own Korean name
    stylize = next(c for c in fake.synced if c["name"] == "Stylize")
    assert stylize["name_localizations"] == {"ko": "화풍 입히기"}


@pytest.mark.slow
async def test_an_interaction_from_a_korean_client_comes_with_the_english_name_and_runs(discord_fast):
    """Discord sends the base name ("style") from a client that showed /스타일 (the name
    interactions carry is the command's name; discord.py looks it up in the tree as it came): it
    paints, as it did before the names had a Korean localisation."""
    fake, _ = discord_fast
    payload = style_with_photo(fake, channel_id="333")
    payload["locale"] = "ko"
    await fake.dispatch("INTERACTION_CREATE", payload)
    sent = await fake.wait_for(lambda: [f for _, _, f in fake.recorded("POST", f"/webhooks/{APP_ID}/") if f],
                               timeout=30)
    assert Image.open(io.BytesIO(sent[0]["painting.jpg"])).format == "JPEG"
