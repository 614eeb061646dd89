"""The artist autocomplete reads a name with its Korean ending as the command layer reads
"/style 고흐로" (arguments.name_stems): "모네처럼" (like Monet), "고흐로" (with van Gogh) and
"김홍도풍으로" found nothing, and Discord cleared the choices under the user's finger."""
from __future__ import annotations

import pytest

from styles import normalise

from tests.bot.discord import test_discord, test_discord_limits
from tests.bot.discord.test_discord import choices_for

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast


@pytest.mark.slow
async def test_a_name_with_a_korean_ending_still_finds_its_artist(discord_fast):
    fake, frontend = discord_fast
    for typed, artist in (("모네처럼", "monet"), ("고흐로", "gogh"), ("김홍도풍으로", "kimhongdo"),
                          ("모네의", "monet"), ("고흐 스타일로", "gogh"), ("고흐로요", "gogh")):
        found = await choices_for(fake, typed)
        assert found and found[0] == artist, (typed, found)
    store = frontend.layer.store
    store.add_style("dc:333", "노을", normalise("노을"), store.data_dir / "styles" / "noeul.safetensors", 3, "dc:1")
    assert (await choices_for(fake, "노을처럼"))[0] == "노을"          # a community's style too


@pytest.mark.slow
async def test_a_name_that_is_typed_as_it_is_comes_first_still(discord_fast):
    fake, _ = discord_fast
    assert (await choices_for(fake, "모네"))[0] == "monet"
    assert await choices_for(fake, "없는화가처럼") == []              # no such artist: no choices
