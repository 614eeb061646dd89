"""/setstyle off 0.5 answered "I don't know the style “off”": the word that clears the default
artist, with a strength after it. It clears it (as /setstyle off does) and says the strength was
not set, and how to set it."""
from __future__ import annotations

from bot.messages import t

from tests.bot.test_commands import say


async def test_setstyle_off_with_a_strength_clears_the_default(layer, store):
    await say(layer, "/setstyle monet")
    assert store.prefs("tg:1").default_style == "monet"
    out = await say(layer, "/setstyle off 0.5")
    assert store.prefs("tg:1").default_style is None
    assert store.prefs("tg:1").strength is None                  # not set behind the user's back
    assert len(out.texts) == 1 and "“off”" not in out.texts[0]
    assert out.texts[0].startswith(t("en", "setstyle_cleared")), out.texts
    assert "/strength 0.5" in out.texts[0]


async def test_in_korean_too(layer, store):
    await say(layer, "/setstyle monet", locale="ko")
    out = await say(layer, "/setstyle 해제 50%", locale="ko")
    assert store.prefs("tg:1").default_style is None
    assert out.texts[0].startswith(t("ko", "setstyle_cleared")) and "/강도 0.5" in out.texts[0]
