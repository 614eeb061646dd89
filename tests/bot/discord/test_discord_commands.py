"""The slash commands as Discord's command picker shows them: the payload of the command upload
(PUT .../commands) that discord.py sends the fake Discord at start-up."""
from __future__ import annotations

import re

import pytest

from bot.messages import table

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast
HANGUL = re.compile("[가-힣]")


@pytest.mark.slow
async def test_every_command_and_option_has_a_description_in_english_and_korean(discord_fast):
    """Options without a description showed "…" in the picker (/hq's, /mix's, ...), and Korean
    users saw English only: every command and option has a real description within Discord's
    100 characters, with its Korean from ko.toml as the 'ko' localisation."""
    fake, _ = discord_fast
    commands = {c["name"]: c for c in fake.synced}
    slash = [c for c in fake.synced if c.get("type", 1) == 1]
    assert len(slash) == 23 and len(fake.synced) <= 100                  # (/renamestyle the 23rd)
    ko = set(table("ko").values())
    for command in slash:
        assert re.fullmatch(r"[a-z]{1,32}", command["name"])
        assert len(command.get("options", [])) <= 25
        for item in [command, *command.get("options", [])]:
            where = f"/{command['name']} {item['name'] if item is not command else ''}"
            english, korean = item["description"], item.get("description_localizations", {}).get("ko")
            assert english and "…" not in english and len(english) <= 100, where
            assert korean and HANGUL.search(korean) and len(korean) <= 100, (where, korean)
            assert korean in ko, where                                   # from ko.toml
            assert len(item.get("choices", [])) <= 25
    assert commands["hq"]["description_localizations"]["ko"] == table("ko")["dc_desc_hq"]
    options = {o["name"]: o for o in commands["mix"]["options"]}
    assert options["styles"]["description_localizations"]["ko"] == table("ko")["dc_desc_opt_styles"]
    # the message menu: its Korean name (a context menu has no description)
    stylize = commands["Stylize"]
    assert stylize["type"] == 3 and stylize["name_localizations"]["ko"] == table("ko")["dc_name_stylize"]
    assert len(stylize["name_localizations"]["ko"]) <= 32
