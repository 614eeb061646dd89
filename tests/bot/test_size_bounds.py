"""/size alone showed only the usage: it says the size now first. A number of pixels out of
bounds ("/size 5000", "/size 100", "/size 2000" where 1024 is the most) got the whole usage: it
is told the bound it passed, the real ones (MAX_SIDE_LIMIT, MIN_OUTPUT_SIDE)."""
import pytest

from bot.messages import t
from bot.preference_commands import MIN_OUTPUT_SIDE

from tests.bot.test_commands import say


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_size_alone_says_the_size_now_then_how_to_change_it(layer, store, lang):
    await say(layer, "/size 640")
    [text] = (await say(layer, "/size", locale=lang)).texts
    usage = t(lang, "size_usage", low=MIN_OUTPUT_SIDE, high=layer.settings.MAX_SIDE_LIMIT, **layer.size_names())
    assert text == t(lang, "size_current", value=640) + " " + usage
    assert store.prefs("tg:1").output_size == 640               # only said, not changed


async def test_size_alone_before_any_size_says_the_default(layer):
    [text] = (await say(layer, "/size")).texts
    side = min(layer.settings.MAX_SIDE, layer.settings.MAX_SIDE_LIMIT)
    assert text.startswith(t("en", "size_current", value=side))


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("typed", ["5000", "2000", "1025px"])
async def test_too_large_is_told_the_most(layer, store, lang, typed):
    layer.settings.MAX_SIDE_LIMIT = 1024
    [text] = (await say(layer, f"/size {typed}", locale=lang)).texts
    value = int(typed.removesuffix("px"))
    assert text == t(lang, "size_too_large", value=value, high=1024)
    assert "1024 px" in text and store.prefs("tg:1").output_size is None


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("typed", ["100", "0", "127"])
async def test_too_small_is_told_the_least(layer, store, lang, typed):
    [text] = (await say(layer, f"/size {typed}", locale=lang)).texts
    assert text == t(lang, "size_too_small", value=int(typed), low=MIN_OUTPUT_SIDE)
    assert f"{MIN_OUTPUT_SIDE} px" in text and store.prefs("tg:1").output_size is None


async def test_the_bound_is_shown_as_the_command_was_typed(layer):
    [text] = (await say(layer, "/크기 5000", locale="ko")).texts
    assert f"/크기 {layer.settings.MAX_SIDE_LIMIT}" in text, text


async def test_a_word_it_does_not_know_still_gets_the_usage(layer):
    [text] = (await say(layer, "/size huge")).texts
    assert text == t("en", "size_usage", low=MIN_OUTPUT_SIDE, high=layer.settings.MAX_SIDE_LIMIT, **layer.size_names())


def test_the_korean_usage_nests_no_brackets():
    """"아주 크게(1024 px) (영어로 …도 돼요)": a bracket right after another read awkwardly."""
    text = t("ko", "size_usage", low=128, high=1024, small=384, medium=512, large=768, xl=1024)
    assert ") (" not in text and "(영어 small, medium, large, xl도 돼요)" in text and "아주 크게 1024 px" in text
