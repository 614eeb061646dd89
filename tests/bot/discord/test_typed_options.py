"""A slash command's options typed into a message ("@Paintbot /strength value:0.6", a DM's
"/style artist:monet"): Discord shows the commands so, and /settings says to change a setting that
way (dc_settings_change); typed, "value:0.6" was "not a number" and "artist:gogh" an unknown style.
The labels are taken out (bot/discord_options.py) before the command layer reads the command."""
from __future__ import annotations

import pytest

from bot.discord_bot import DiscordFrontend
from bot.discord_options import options_by_command, without_option_names
from bot.messages import t

from tests.bot.discord import test_discord
from tests.bot.discord.test_discord import USER, connect
from tests.bot.discord.test_discord_messages import posts
from tests.bot.fake_discord import APP_ID, user_message

fake_api = test_discord.fake_api
WAIT_S = 15.0


@pytest.fixture
async def options(layer, settings):
    frontend = DiscordFrontend(layer, settings)
    yield options_by_command(frontend.tree)
    await frontend.client.close()


@pytest.mark.parametrize("typed,read", [
    ("/strength value:0.6", "/strength 0.6"),
    ("/strength value: 0.6", "/strength 0.6"),
    ("/keepcolors on:True", "/keepcolors True"),
    ("/size size:large", "/size large"),
    ("/lang language:한국어", "/lang 한국어"),
    ("/setstyle artist:van gogh", "/setstyle van gogh"),
    ("/style artist:gogh strength:0.5", "/style gogh 0.5"),
    ("/mix styles:gogh 70% monet", "/mix gogh 70% monet"),
    ("/style artist:monet image:holiday.jpg", "/style monet"),        # the file is the attachment
    ("/addstyle name:Sunset everywhere:True", "/addstyle --global Sunset"),
    ("/removestyle name:Sunset everywhere:False", "/removestyle Sunset"),
    ("/style artist:", "/style"),                    # nothing after it: /style's usage
    ("/강도 value:0.6", "/강도 0.6"),                 # the Korean name a Korean client shows
    ("/기본화가 artist:모네", "/기본화가 모네"),
])
def test_the_labels_are_taken_out(options, typed, read):
    assert without_option_names(typed, options) == read


@pytest.mark.parametrize("typed", [
    "/strength 0.6", "/style gogh", "gogh value:0.6",       # no label, or no command
    "/style time:3pm", "/settings",          # not an option of the command; a command without any
    "/style gogh\nline two"])
def test_other_text_is_as_it_was(options, typed):
    assert without_option_names(typed, options) == typed


@pytest.fixture
async def discord_fast(fake_api, layer, settings):
    frontend = await connect(fake_api, layer, settings)
    yield fake_api, frontend
    await frontend.stop()


@pytest.mark.slow
async def test_settings_words_typed_in_a_dm_and_a_mention(discord_fast, store):
    fake, _ = discord_fast
    await fake.dispatch("MESSAGE_CREATE", user_message(USER, "777", "/strength value:0.6"))
    await fake.wait_for(lambda: any(p["content"] == t("en", "strength_done_percent", percent="60%")
                                    for p in posts(fake, "777")), timeout=WAIT_S)
    await fake.dispatch("MESSAGE_CREATE", user_message(USER, "888", f"<@{APP_ID}> /setstyle artist:monet",
                                                       guild_id="999"))
    await fake.wait_for(lambda: store.prefs(f"dc:{USER['id']}").default_style == "monet", timeout=WAIT_S)
    assert store.prefs(f"dc:{USER['id']}").strength == pytest.approx(0.6)


@pytest.mark.parametrize("typed,read", [
    # a label with no word after it: the next label is not its value (the artist was dropped as the
    # "file name" of image:, and strength:0.5 taken for the artist)
    ("/style image: artist:monet", "/style monet"),
    ("/style artist: strength:0.5", "/style 0.5"),
    # everywhere: as /keepcolors reads a switch, in Korean too (only true/yes/on/1 were --global)
    ("/addstyle name:Sunset everywhere:예", "/addstyle --global Sunset"),
    ("/removestyle everywhere:켜기 name:Sunset", "/removestyle --global Sunset"),
    ("/addstyle name:Sunset everywhere:아니요", "/addstyle Sunset"),
    # the message's lines are kept (all were run into one), a line break after the name read too
    ("/addstyle name:Sunset\nwarm  evening light", "/addstyle Sunset\nwarm evening light"),
    ("/strength\nvalue:0.6", "/strength 0.6"),
])
def test_labels_values_and_lines(options, typed, read):
    assert without_option_names(typed, options) == read
