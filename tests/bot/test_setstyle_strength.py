"""/setstyle with a strength ("/setstyle gogh 0.5", as /style gogh 0.5 reads one) sets the default
artist and the strength (/strength): it was "I don't know the style “gogh 0.5”", with a button
offering /setstyle gogh."""
import pytest

from bot.messages import t

from tests.bot.test_commands import say


@pytest.mark.parametrize("text,alpha", [("/setstyle gogh 0.5", 0.5), ("/setstyle gogh 50%", 0.5),
                                        ("/setstyle van gogh 30", 0.3), ("/setstyle gogh 0.4 please", 0.4),
                                        ("/setstyle 고흐 70% 느낌으로", 0.7)])
@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_default_artist_with_a_strength(layer, fake_queue, photo, text, alpha, lang):
    out = await say(layer, text, locale=lang)
    prefs = layer.store.prefs("tg:1")
    assert prefs.default_style == "gogh" and prefs.strength == pytest.approx(alpha), out.texts
    label = "Vincent van Gogh" if lang == "en" else "빈센트 반 고흐"
    assert out.texts[0] == t(lang, "setstyle_done", style=label)
    assert out.texts[1].startswith(t(lang, "strength_done_percent", percent=f"{round(100 * alpha)}%"))   # (as captions say it)
    await say(layer, "", images=[photo])
    job = fake_queue.jobs[-1]
    assert [s.value for s in job.styles] == ["gogh"] and job.alpha == pytest.approx(alpha)


async def test_a_bad_strength_with_the_artist_sets_nothing(layer, fake_queue):
    out = await say(layer, "/setstyle gogh 1.5")
    assert out.texts == [t("en", "bad_number", value="1.5")]
    prefs = layer.store.prefs("tg:1")
    assert prefs.default_style is None and prefs.strength is None


async def test_a_mistyped_artist_with_a_strength_offers_both(layer, fake_queue):
    out = await say(layer, "/setstyle gohg 0.5")
    assert not out.texts[0].startswith(t("en", "setstyle_done", style="Vincent van Gogh"))
    assert "“gohg”" in out.texts[0]
    commands = [b.command for row in out.sent[0].buttons for b in row]
    assert commands == ["/setstyle gogh 0.5"]
    await say(layer, commands[0])
    prefs = layer.store.prefs("tg:1")
    assert prefs.default_style == "gogh" and prefs.strength == pytest.approx(0.5)


async def test_a_mix_with_weights_is_still_no_default(layer, fake_queue):
    out = await say(layer, "/setstyle gogh 0.7 monet")
    assert out.texts == [t("en", "setstyle_one")]
    assert layer.store.prefs("tg:1").default_style is None
