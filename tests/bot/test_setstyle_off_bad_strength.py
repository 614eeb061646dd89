"""/setstyle off 7.5 cleared the default artist and answered "The strength was not changed:
/strength 7.5 sets it." - a command that is itself refused (7.5 is no strength). A strength that
is no strength is refused here as /setstyle gogh 7.5 and /style gogh 7.5 refuse it: nothing is
cleared, and the reply names no command that would not apply it."""
from __future__ import annotations

import pytest

from bot.messages import t

from tests.bot.test_commands import say


@pytest.mark.parametrize("value", ["7.5", "150%", "-0.5", "1.5"])
@pytest.mark.parametrize("lang,word", [("en", "off"), ("ko", "해제")])
async def test_setstyle_off_with_no_strength_is_refused(layer, store, value, lang, word):
    await say(layer, "/setstyle monet", locale=lang)
    out = await say(layer, f"/setstyle {word} {value}", locale=lang)
    key = {"-0.5": "strength_below_zero", "7.5": "strength_without_percent"}.get(value, "bad_number")   # (too high)
    assert out.texts == [t(lang, key, value=value)], out.texts
    assert f"/strength {value}" not in out.texts[0] and f"/강도 {value}" not in out.texts[0]
    prefs = store.prefs("tg:1")
    assert prefs.default_style == "monet" and prefs.strength is None      # nothing changed


async def test_the_same_refusal_as_with_an_artist(layer, store):
    off = await say(layer, "/setstyle off 7.5")
    gogh = await say(layer, "/setstyle gogh 7.5")
    assert off.texts == gogh.texts == [t("en", "strength_without_percent", value="7.5")]


@pytest.mark.parametrize("value,shown", [("0.5", "0.5"), ("60%", "0.6"), ("30", "0.3"), ("1", "1"), ("0", "0")])
async def test_a_real_strength_still_clears_and_names_the_command(layer, store, value, shown):
    await say(layer, "/setstyle monet")
    out = await say(layer, f"/setstyle off {value}")
    assert store.prefs("tg:1").default_style is None and store.prefs("tg:1").strength is None
    assert out.texts == [t("en", "setstyle_cleared") + " " + t("en", "setstyle_cleared_strength", value=shown)]
