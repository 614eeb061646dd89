"""A Korean command typed with the space of its words ("/기본 화가 artist:모네"): Discord's
names have none (/기본화가: a slash command's name may hold no space), but a Korean writes one,
and the command layer reads "/기본 화가" as /setstyle (korean_command). Its option labels were left
in, and "artist:모네" was an unknown style. Now read as "/기본화가 모네"; "/화풍 추가" is /addstyle
(the longer name first, as the layer reads it), not /style."""
from __future__ import annotations

import pytest

from bot.discord_bot import DiscordFrontend
from bot.discord_options import options_by_command, without_option_names

from tests.bot.discord import test_discord, test_typed_options
from tests.bot.discord.test_discord import USER
from tests.bot.fake_discord import user_message

fake_api = test_discord.fake_api
discord_fast = test_typed_options.discord_fast


@pytest.fixture
async def options(layer, settings):
    frontend = DiscordFrontend(layer, settings)
    yield options_by_command(frontend.tree)
    await frontend.client.close()


@pytest.mark.parametrize("typed,read", [
    ("/기본 화가 artist:모네", "/기본화가 모네"),
    ("/기본 화가\nartist:모네", "/기본화가 모네"),
    ("/화풍 추가 name:노을 everywhere:True", "/화풍추가 --global 노을"),
    ("/화풍 삭제 name:노을", "/화풍삭제 노을"),
    ("/기본 스타일 artist:gogh", "/기본스타일 gogh"),
    ("/스타일 artist:모네", "/스타일 모네"),                      # one word: as before
])
def test_a_korean_name_typed_as_two_words_has_its_labels_taken_out(options, typed, read):
    assert without_option_names(typed, options) == read


@pytest.mark.parametrize("typed", ["/기본 화가 모네", "/기본 화가", "/스타일 화가 모네", "/기본 artist:모네"])
def test_without_labels_or_a_name_it_is_as_typed(options, typed):
    assert without_option_names(typed, options) == typed


@pytest.mark.slow
async def test_typed_in_a_dm_it_sets_the_default_artist(discord_fast, store):
    fake, _ = discord_fast
    await fake.dispatch("MESSAGE_CREATE", user_message(USER, "777", "/기본 화가 artist:모네"))
    await fake.wait_for(lambda: store.prefs(f"dc:{USER['id']}").default_style == "monet", timeout=15)
