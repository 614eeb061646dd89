"""/addstyle with more than 10 pictures, some of them the same (review TRN18): the refusal said
"I got 11" of 14 pictures sent, counting the different ones without saying so. It says both."""
from __future__ import annotations

import pytest

from bot import community_commands
from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.test_commands import say


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_too_many_pictures_with_repeats_says_how_many_came_and_how_many_differ(layer, store, lang):
    paintings = [make_photo(60 + i % 11, 50) for i in range(14)]       # 14 sent, 11 different
    out = await say(layer, "/addstyle Many", images=paintings, user="tg:1000", locale=lang)
    assert out.texts[-1] == t(lang, "addstyle_count_repeats", sent=14, count=11)
    assert "14" in out.texts[-1] and "11" in out.texts[-1]
    assert store.find_style("tg:1000", "many") is None


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_too_many_different_pictures_are_counted_as_before(layer, lang):
    out = await say(layer, "/addstyle Many", images=[make_photo(60 + i, 50) for i in range(12)], user="tg:1000",
                    locale=lang)
    assert out.texts[-1] == t(lang, "addstyle_count", count=12)


async def test_the_count_is_checked_against_style_paintings_max(layer, store, monkeypatch):
    """One constant (community_commands.STYLE_PAINTINGS_MAX, the web chat's MAX_PICTURES too):
    the layer's check was a literal 10 of its own."""
    monkeypatch.setattr(community_commands, "STYLE_PAINTINGS_MAX", 3)
    out = await say(layer, "/addstyle Four", images=[make_photo(60 + i, 50) for i in range(4)], user="tg:1000")
    assert out.texts[-1] == t("en", "addstyle_count", count=4)
    assert store.find_style("tg:1000", "four") is None
