"""/addstyle as an admin tries it with odd inputs (review TR15). The same picture sent several
times counted once, and the answer said "from 1 painting" of five sent, or "from 6" of twelve,
with nothing to say why: it now says how many were repeats."""
from __future__ import annotations

import pytest

from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.test_commands import say


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_same_picture_sent_five_times_is_said_to_count_once(layer, store, lang):
    painting = make_photo(120, 90, seed=2)
    out = await say(layer, "/addstyle Same", images=[painting] * 5, user="tg:1000", locale=lang)
    assert store.find_style("tg:1000", "same").paintings == 1
    assert t(lang, "addstyle_repeats", count=4) in out.texts[-1]
    assert t(lang, "addstyle_repeats", count=4) != t(lang, "addstyle_repeats", count=1)


async def test_twelve_pictures_of_which_six_differ_say_six_were_repeats(layer, store):
    paintings = [make_photo(60 + i % 6, 50) for i in range(12)]
    out = await say(layer, "/addstyle Twelve", images=paintings, user="tg:1000")
    assert store.find_style("tg:1000", "twelve").paintings == 6
    assert "from 6 paintings" in out.texts[-1] and t("en", "addstyle_repeats", count=6) in out.texts[-1]


async def test_different_pictures_say_nothing_of_repeats(layer, store):
    out = await say(layer, "/addstyle Two", images=[make_photo(60, 50), make_photo(61, 50)], user="tg:1000")
    assert out.texts[-1].startswith("Added") and "same picture" not in out.texts[-1]


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_name_with_an_emoji_is_told_which_character_cannot_be_in_it(layer, store, lang):
    out = await say(layer, "/addstyle Ink 🎨", images=[make_photo()], user="tg:1000", locale=lang)
    assert out.texts[-1] == t(lang, "addstyle_name_char", name="Ink 🎨", char="🎨")
    assert store.find_style("tg:1000", "ink") is None


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_name_too_long_is_told_its_length(layer, lang):
    out = await say(layer, "/addstyle " + "a" * 40, images=[make_photo()], user="tg:1000", locale=lang)
    assert out.texts[-1] == t(lang, "addstyle_name_long", count=40)


async def test_a_korean_name_is_added_and_painted_with(layer, store):
    out = await say(layer, "/addstyle 수묵화", images=[make_photo()], user="tg:1000", locale="ko")
    assert store.find_style("tg:1000", "수묵화") is not None and "/style 수묵화" in out.texts[-1]


async def test_a_refused_name_said_back_mentions_nobody(layer):
    out = await say(layer, "/addstyle @everyone", images=[make_photo()], user="tg:1000")
    assert "@everyone" not in out.texts[-1] and "@\u2060everyone" in out.texts[-1]
