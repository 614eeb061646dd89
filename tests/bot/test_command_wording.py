"""What users type and read, through the command layer (fake queue): unknown artists lead on,
strengths as percentages, mixes however they are written, captions that say how a painting was
made, and help that matches what is accepted. Each case was a reply of the old code."""
from __future__ import annotations

import pytest

from bot.messages import t
from bot.store import photo_hash

from tests.bot.conftest import make_photo
from tests.bot.test_commands import say


def commands_of(reply) -> list[str]:
    return [b.command for row in reply.buttons for b in row]


def shares(job) -> list[tuple[str, float]]:
    return [(s.value, round(s.weight, 2)) for s in job.styles]


# -- A: an unknown artist ---------------------------------------------------------------------
@pytest.mark.parametrize("name,lang", [("picasso", "en"), ("dali", "en"), ("피카소", "ko")])
async def test_an_unknown_artist_with_nothing_near_points_to_the_list(layer, fake_queue, photo, name, lang):
    out = await say(layer, f"/style {name}", images=[photo], locale=lang)
    assert not fake_queue.jobs
    assert out.texts == [t(lang, "unknown_style", name=name) + " " + t(lang, "unknown_style_list")]
    assert "/styles" in out.texts[0]


async def test_suggestions_are_named_in_the_users_language_and_paint_with_one_tap(layer, fake_queue):
    photo = make_photo(seed=4)
    out = await say(layer, "/style 김홍두", images=[photo], locale="ko")
    text = out.texts[0]
    assert "단원 김홍도" in text or "김홍도" in text
    assert "kimhongdo" not in text
    assert commands_of(out.sent[0]) == [f"/style kimhongdo #{photo_hash(photo)}"]
    assert out.sent[0].buttons[0][0].label == layer.catalog.get("kimhongdo").name("ko")
    await say(layer, "/style monet", images=[make_photo(seed=5)])          # another photo since
    await say(layer, commands_of(out.sent[0])[0], locale="ko")              # the tap
    job = fake_queue.jobs[-1]
    assert job.image == photo and job.styles[0].value == "kimhongdo"


@pytest.mark.parametrize("name,slug", [("모내", "monet"), ("고흐흐", "gogh")])
async def test_a_korean_near_miss_is_suggested(layer, photo, name, slug):
    out = await say(layer, f"/style {name}", images=[photo], locale="ko")
    assert layer.catalog.get(slug).name("ko") in out.texts[0]
    assert commands_of(out.sent[0])[0].startswith(f"/style {slug} #")


@pytest.mark.parametrize("name", ["고호", "빈센트"])
async def test_gogh_answers_to_more_korean_names(layer, fake_queue, photo, name):
    await say(layer, f"/style {name}", images=[photo], locale="ko")
    assert fake_queue.jobs[-1].styles[0].value == "gogh"


async def test_a_suggestion_button_keeps_the_command_its_method_and_strength(layer, photo):
    ref = f" #{photo_hash(photo)}"
    assert commands_of((await say(layer, "/hq gohg", images=[photo])).sent[0]) == ["/hq gogh" + ref]
    assert commands_of((await say(layer, "/style gohg 0.5", images=[photo])).sent[0]) == ["/style gogh 0.5" + ref]
    assert commands_of((await say(layer, "/setstyle gohg")).sent[0]) == ["/setstyle gogh"]


async def test_without_any_photo_a_suggestion_button_is_the_bare_command(layer, fake_queue):
    out = await say(layer, "/style gohg", user="tg:7")
    assert commands_of(out.sent[0]) == ["/style gogh"]
    assert (await say(layer, "/style gogh", user="tg:7")).texts == [t("en", "no_photo")]


# -- B: strengths as percentages ----------------------------------------------------------------
@pytest.mark.parametrize("text", ["/style gogh 50%", "/gogh 50%", "/style gogh 50", "/style gogh 0,5"])
async def test_a_strength_for_one_painting_as_a_percentage(layer, fake_queue, photo, text):
    await say(layer, text, images=[photo])
    job = fake_queue.jobs[-1]
    assert job.styles[0].value == "gogh" and job.alpha == pytest.approx(0.5)


@pytest.mark.parametrize("value", ["50%", "50", "0.5"])
async def test_strength_preference_as_a_percentage(layer, store, value):
    out = await say(layer, f"/strength {value}")
    assert store.prefs("tg:1").strength == pytest.approx(0.5) and "50%" in out.texts[0]     # (said as captions say it)


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_bad_strength_says_percentages_work_too(layer, lang):
    text = (await say(layer, "/strength 150", locale=lang)).texts[0]
    assert "150" in text and "0–100%" in text or "0~100%" in text


async def test_strength_zero_warns_that_paintings_will_look_like_the_photo(layer):
    for lang in ("en", "ko"):
        assert t(lang, "strength_zero_percent") in (await say(layer, "/strength 0", locale=lang)).texts[0]
    assert t("en", "strength_zero_percent") not in (await say(layer, "/strength 0.3")).texts[0]


@pytest.mark.parametrize("text", ["/mix gogh 70% monet 30%", "/mix gogh 7 monet 3", "/mix gogh 70 monet",
                                  "/mix gogh + monet 30%", "/mix gogh 0.7, monet"])
async def test_mix_weights_however_written(layer, fake_queue, photo, text):
    await say(layer, text, images=[photo])
    assert shares(fake_queue.jobs[-1]) == [("gogh", 0.7), ("monet", 0.3)]


@pytest.mark.parametrize("text,expected", [("/mix gogh 1 monet 2", [("gogh", 0.33), ("monet", 0.67)]),
                                           ("/mix gogh 1.5 monet 1.5", [("gogh", 0.5), ("monet", 0.5)]),
                                           ("/mix gogh 0.7 monet", [("gogh", 0.7), ("monet", 0.3)])])
async def test_bare_mix_weights_are_parts_not_percentages(layer, fake_queue, photo, text, expected):
    await say(layer, text, images=[photo])
    assert shares(fake_queue.jobs[-1]) == expected


async def test_a_strength_above_one_that_is_no_whole_percentage_is_refused(layer, store, fake_queue, photo):
    out = await say(layer, "/strength 1.5")
    assert out.texts == [t("en", "bad_number", value="1.5")] and store.prefs("tg:1").strength is None
    out = await say(layer, "/style gogh 1.5", images=[photo])
    assert out.texts == [t("en", "bad_number", value="1.5")] and not fake_queue.jobs


# -- C: several artists named -------------------------------------------------------------------
@pytest.mark.parametrize("text", ["/style gogh and monet", "/style gogh monet", "/gogh monet", "/style gogh, monet",
                                  "/mix gogh and monet", "/mix gogh,monet", "/mix gogh & monet", "/style 고흐와 모네",
                                  "/mix 반 고흐와 모네"])
async def test_two_artists_named_together_are_mixed(layer, fake_queue, photo, text):
    out = await say(layer, text, images=[photo])
    assert fake_queue.jobs, out.texts
    assert shares(fake_queue.jobs[-1]) == [("gogh", 0.5), ("monet", 0.5)]


async def test_a_mixed_style_keeps_its_strength(layer, fake_queue, photo):
    await say(layer, "/style gogh monet 0.5", images=[photo])
    job = fake_queue.jobs[-1]
    assert shares(job) == [("gogh", 0.5), ("monet", 0.5)] and job.alpha == pytest.approx(0.5)


async def test_a_mix_names_only_the_word_it_does_not_know(layer, fake_queue, photo):
    out = await say(layer, "/mix gohg monet", images=[photo])
    assert not fake_queue.jobs
    assert out.texts[0].startswith(t("en", "unknown_style", name="gohg") + " ")
    assert "Vincent van Gogh" in out.texts[0] and "gohg monet" not in out.texts[0]
    assert commands_of(out.sent[0]) == [f"/mix gogh monet #{photo_hash(photo)}"]
    await say(layer, commands_of(out.sent[0])[0])
    assert shares(fake_queue.jobs[-1]) == [("gogh", 0.5), ("monet", 0.5)]


# -- D: a mix's caption -------------------------------------------------------------------------
async def test_a_mix_is_captioned_by_its_real_shares(layer, fake_queue, photo):
    out = await say(layer, "/mix gogh 0.3 monet 0.3", images=[photo])
    assert shares(fake_queue.jobs[-1]) == [("gogh", 0.5), ("monet", 0.5)]
    assert out.sent[-1].text == "Vincent van Gogh 50% + Claude Monet 50%"
    out = await say(layer, "/mix gogh 0.9 monet", images=[photo])
    assert out.sent[-1].text == "Vincent van Gogh 90% + Claude Monet 10%"


async def test_weights_that_leave_nothing_for_an_unweighted_artist_are_refused(layer, fake_queue, photo):
    # said as what it is (tests/bot/test_percent_and_mix.py), not the generic "Write a mix like this"
    for text in ("/mix gogh 1 monet", "/mix gogh 100% monet"):
        assert (await say(layer, text, images=[photo])).texts == [
            t("en", "mix_nothing_left", weight="100%", weighted="Vincent van Gogh", rest="Claude Monet")]
    assert not fake_queue.jobs


# -- E: the caption says how it was painted -------------------------------------------------------
async def test_the_caption_notes_what_is_not_the_default(layer, photo):
    assert (await say(layer, "/style monet", images=[photo])).sent[-1].text == "Claude Monet"
    assert (await say(layer, "/weaker")).sent[-1].text == "Claude Monet · strength 75%"
    assert (await say(layer, "/hq monet")).sent[-1].text == "Claude Monet · high quality"
    await say(layer, "/keepcolors on")
    assert (await say(layer, "/style monet 50%")).sent[-1].text == "Claude Monet · strength 50% · colours kept"
    ko = (await say(layer, "/style monet 50%", locale="ko")).sent[-1].text
    assert ko == "클로드 모네 · 강도 50% · 원본 색 유지"


# -- F: help and small preferences ----------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_help_and_start_say_what_is_accepted(layer, lang):
    help_text = (await say(layer, "/help", locale=lang)).texts[0]
    start = (await say(layer, "/start", locale=lang)).texts[0]
    for text in (help_text, start):
        assert "50%" in text and ("2–4" in text or "2 to 4" in text)
    assert "xl" in help_text
    assert "two artists" not in start and "두 화가" not in start


async def test_korean_help_names_the_artists_in_korean(layer):
    text = (await say(layer, "/help", locale="ko")).texts[0]
    for slug in ("gogh", "kimhongdo"):
        assert f"/{slug} {layer.catalog.get(slug).name_ko}" in text


async def test_size_usage_gives_every_size_in_pixels(layer):
    for lang in ("en", "ko"):
        text = (await say(layer, "/size huge", locale=lang)).texts[0]
        assert all(f"{word}" in text for word in ("small", "medium", "large", "xl")), text
        assert "384 px" in text and "1024 px" in text


@pytest.mark.parametrize("text,side", [("/size 512px", 512), ("/size 300 px", 300), ("/size xl", 1024)])
async def test_size_in_pixels_or_xl(layer, store, text, side):
    await say(layer, text)
    assert store.prefs("tg:1").output_size == side


@pytest.mark.parametrize("word,side", [("작게", 384), ("보통", 512), ("크게", 768), ("아주 크게", 1024), ("아주크게", 1024)])
async def test_size_in_korean_words(layer, store, word, side):
    out = await say(layer, f"/size {word}", locale="ko")
    assert store.prefs("tg:1").output_size == side and out.texts == [t("ko", "size_done", value=side)]


def test_korean_size_usage_names_the_korean_words():
    assert all(word in t("ko", "size_usage") for word in ("작게", "보통", "크게", "아주 크게"))


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_strength_usage_says_percentages_work_too(layer, lang):
    text = (await say(layer, "/strength", locale=lang)).texts[0]
    assert text == t(lang, "strength_usage") and "60%" in text


@pytest.mark.parametrize("word,keep", [("켜", True), ("네", True), ("아니요", False), ("끄기", False)])
async def test_keepcolors_in_korean_words(layer, store, word, keep):
    await say(layer, f"/keepcolors {'off' if keep else 'on'}")           # the other way first
    await say(layer, f"/keepcolors {word}", locale="ko")
    assert bool(store.prefs("tg:1").keep_colors) is keep


def test_korean_keepcolors_usage_names_the_korean_words():
    assert "켜기" in t("ko", "keepcolors_usage") and "끄기" in t("ko", "keepcolors_usage")


@pytest.mark.parametrize("word", ["끄기", "해제"])
async def test_setstyle_off_in_korean(layer, store, word):
    await say(layer, "/setstyle monet")
    out = await say(layer, f"/setstyle {word}", locale="ko")
    assert out.texts == [t("ko", "setstyle_cleared")] and store.prefs("tg:1").default_style is None


async def test_lang_takes_a_locale_code_and_alone_says_the_current_one(layer, store):
    assert (await say(layer, "/lang ko-KR")).texts == [t("ko", "lang_done")]
    text = (await say(layer, "/lang")).texts[0]
    assert text.startswith(t("ko", "lang_current", language=t("ko", "language_name")))


async def test_settings_show_a_rounded_strength(layer, store):
    await store.off_loop.set_prefs("tg:1", "tg", strength=0.55555)
    text = (await say(layer, "/settings")).texts[0]
    assert "56%" in text and "0.5555" not in text      # (a percentage, as captions say it)


async def test_the_bots_name_after_the_arguments_is_not_part_of_the_name(layer, fake_queue, photo):
    await say(layer, "/style gogh@paintbot", images=[photo])
    assert fake_queue.jobs[-1].styles[0].value == "gogh"


@pytest.mark.parametrize("text", ["/size ²", "/size ²px", "/size ①"])
async def test_a_size_in_superscript_digits_gets_the_usage(layer, store, text):
    out = await say(layer, text)
    assert out.texts[0].startswith(t("en", "size_usage", low=128, high=layer.settings.MAX_SIDE_LIMIT,
                                     **layer.size_names())[:20])
    assert t("en", "engine_error") not in out.texts and store.prefs("tg:1").output_size is None


async def test_a_mix_suggestion_swaps_the_mistyped_word_not_a_part_of_another(layer, fake_queue, photo):
    out = await say(layer, "/mix gogh 50% mone", images=[photo])
    assert commands_of(out.sent[0])[0] == f"/mix gogh 50% monet #{photo_hash(photo)}"
    # "monet" for "mone" of "monet 50% mone" names Monet twice: no mix, so no button (test_mix_repeats.py)
    out = await say(layer, "/mix monet 50% mone", images=[photo])
    assert not any("monett" in c or c.startswith("/mix monet 50% monet") for c in commands_of(out.sent[0]))


@pytest.mark.parametrize("text,unknown,meant", [("/style gohg monet", "gohg", "/style gogh monet"),
                                                ("/hq monet gohg 0.5", "gohg", "/hq monet gogh 0.5")])
async def test_a_style_of_several_names_names_only_the_unknown_one(layer, fake_queue, photo, text, unknown, meant):
    out = await say(layer, text, images=[photo])
    assert not fake_queue.jobs
    assert out.texts[0].startswith(t("en", "unknown_style", name=unknown) + " ")
    assert commands_of(out.sent[0]) == [f"{meant} #{photo_hash(photo)}"]


@pytest.mark.parametrize("lang,words", [("en", "/strength 0.6 (0 to 1)"), ("ko", "/strength 0.6 (0부터 1까지)")])
def test_discord_help_says_a_strength_is_from_0_to_1(lang, words):
    """Discord's /strength option is a number from 0 to 1 (app_commands.Range): "60%" is refused
    by Discord itself before the bot sees it, so the help must not offer it."""
    assert words in t(lang, "dc_help") and "60%" not in t(lang, "dc_help")
