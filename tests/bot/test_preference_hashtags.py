"""Hashtags after a preference command are the user's tags, as after a painting command:
"/setstyle gogh #mood" was "I don't know the style", "/size 1024 #tag" the usage text."""
from __future__ import annotations

from bot.messages import t

from tests.bot.test_commands import say


async def test_setstyle_drops_hashtags(layer, store):
    out = await say(layer, "/setstyle gogh #mood")
    assert store.prefs("tg:1").default_style == "gogh", out.texts
    out = await say(layer, "/setstyle off #done")
    assert store.prefs("tg:1").default_style is None, out.texts


async def test_setstyle_by_a_hashtag_alone(layer, store):
    out = await say(layer, "/setstyle #monet")          # as /style #monet paints monet
    assert store.prefs("tg:1").default_style == "monet", out.texts


async def test_size_strength_keepcolors_lang_drop_hashtags(layer, store):
    out = await say(layer, "/size 1024 #tag")
    side = store.prefs("tg:1").output_size
    assert side is not None and out.texts == [t("en", "size_done", value=side)], out.texts
    out = await say(layer, "/strength 0.6 #soft")
    assert store.prefs("tg:1").strength == 0.6, out.texts
    out = await say(layer, "/keepcolors on #x")
    assert store.prefs("tg:1").keep_colors, out.texts
    out = await say(layer, "/lang ko #한국어")
    assert store.prefs("tg:1").lang == "ko", out.texts
