"""The artist autocomplete while a Korean ending is half typed: "모네" and "모네처럼" found Monet,
but "모네처", "모네ㅊ" and "모넻" (the ㅊ composed as 네's final until the ㅓ comes) on the way
between found nothing, and Discord cleared the choices under the user's finger at every letter of
the ending (hangul.begun_ending_stems)."""
from __future__ import annotations

import pytest

from styles import normalise

from tests.bot.discord import test_discord, test_discord_limits
from tests.bot.discord.test_discord import choices_for

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast


def add_style(frontend, name: str) -> None:
    store = frontend.layer.store
    store.add_style("dc:333", name, normalise(name), store.data_dir / "styles" / f"{len(name)}.safetensors", 3, "dc:1")


@pytest.mark.slow
async def test_a_half_typed_ending_still_finds_the_artist(discord_fast):
    fake, _ = discord_fast
    for typed, artist in (("모네처", "monet"), ("모네ㅊ", "monet"), ("모넻", "monet"), ("모네철", "monet"),
                          ("모네처러", "monet"), ("고흐처러", "gogh"), ("고흘", "gogh"), ("모네로ㄱ", "monet"),
                          ("모네로그려", "monet"), ("김홍도풍으", "kimhongdo"), ("고흐 스타", "gogh"),
                          ("단원느", "kimhongdo")):
        found = await choices_for(fake, typed)
        assert found and found[0] == artist, (typed, found)


@pytest.mark.slow
async def test_a_begun_ending_after_part_of_a_name_finds_nothing(discord_fast):
    """Only a whole name before the ending: "김호ㄱ" is no 김홍도 on the way, nor "없는화가처" anyone."""
    fake, _ = discord_fast
    assert "kimhongdo" not in await choices_for(fake, "김호ㄱ")
    assert await choices_for(fake, "없는화가처") == []


@pytest.mark.slow
async def test_a_name_that_begins_another_still_lists_both(discord_fast):
    """A community's styles 노을 and 노을빛: both for "노을" and with an ending begun after it; and a
    style 모네풍경 beside Monet: "모네ㅍ" and "모네풍" may be either (모네풍으로 on the way)."""
    fake, frontend = discord_fast
    for name in ("노을", "노을빛", "모네풍경"):
        add_style(frontend, name)
    for typed in ("노을", "노을처", "노을ㅊ", "노을로ㄱ"):
        found = await choices_for(fake, typed)
        assert found[:2] == ["노을", "노을빛"], (typed, found)
    for typed in ("모네ㅍ", "모네풍"):
        found = await choices_for(fake, typed)
        assert set(found[:2]) == {"모네풍경", "monet"}, (typed, found)
    assert (await choices_for(fake, "모네풍경"))[0] == "모네풍경"
