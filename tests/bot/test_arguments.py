"""bot/arguments.py: what users type after a command, read as they mean it."""
from __future__ import annotations

import pytest

from bot.arguments import (REQUEST_WORDS, asks_on_its_own, is_clear_word, is_number, is_request_word, mix_label, mix_shares,
                           mix_words, name_stems, names_the_style, parse_number, percent, read_language, read_size,
                           read_strength, read_weight,
                           read_switch, strength_text, strip_bot_mention, without_particle)
from styles import load_catalog
from bot.errors import BotError


@pytest.mark.parametrize("token,value", [
    ("0.5", 0.5), ("0,5", 0.5), ("50%", 0.5), ("50 %", 0.5), ("50％", 0.5), ("50", 0.5), ("1", 1.0), ("0", 0.0),
    ("100", 1.0), ("7", 0.07), ("2", 0.02), ("1.5", None), ("150", None), ("50.5", None), ("1.5%", 0.015),
    ("-1", -1.0), ("gogh", None), ("nan", None), ("inf", None), ("%", None), ("", None), ("²", None),
])
def test_a_strength_is_a_fraction_or_a_whole_percentage(token, value):
    assert read_strength(token) == (None if value is None else pytest.approx(value))


@pytest.mark.parametrize("token,value", [("70%", 0.7), ("7", 7.0), ("1", 1.0), ("1.5", 1.5), ("0.7", 0.7),
                                         ("gogh", None), ("²", None)])
def test_a_mix_weight_is_a_percentage_only_with_the_sign(token, value):
    assert read_weight(token) == (None if value is None else pytest.approx(value))
    assert is_number(token) == (value is not None)


@pytest.mark.parametrize("value", ["0.6", "60", "60%"])
def test_a_strength_reads_the_same_however_written(value):
    assert parse_number(value) == pytest.approx(0.6)


@pytest.mark.parametrize("value,key", [("150", "bad_number"), ("-0.2", "strength_below_zero"), ("101%", "bad_number"),
                                       ("strong", "not_a_strength"), ("1.5", "bad_number"), ("²", "not_a_strength"),
                                       ("1_0", "not_a_strength"), ("0_5", "not_a_strength"),
                                       ("7.5", "strength_without_percent"), ("99,9", "strength_without_percent"),
                                       ("1.99", "bad_number"), ("100.5", "bad_number"), ("-7.5", "strength_below_zero")])
def test_a_strength_out_of_range_is_refused(value, key):
    with pytest.raises(BotError) as err:
        parse_number(value)
    assert err.value.key == key and err.value.params["value"] == value


def test_minus_zero_is_zero_as_the_reply_shows_it():
    assert strength_text(parse_number("-0")) == "0" and strength_text(parse_number("-0%")) == "0"


def test_strengths_and_shares_are_shown_rounded():
    assert strength_text(0.55555) == "0.56" and strength_text(1.0) == "1" and strength_text(0.5) == "0.5"
    assert percent(0.555) == "56%" and percent(1) == "100%"


@pytest.mark.parametrize("args,words", [
    ("gogh,monet", ["gogh", "monet"]), ("gogh, monet", ["gogh", "monet"]), ("gogh + monet", ["gogh", "monet"]),
    ("gogh&monet", ["gogh", "monet"]), ("gogh/monet", ["gogh", "monet"]), ("gogh and monet", ["gogh", "monet"]),
    ("고흐 와 모네", ["고흐", "모네"]), ("gogh 70 % monet", ["gogh", "70%", "monet"]),
    ("van gogh 0.7, monet", ["van", "gogh", "0.7", "monet"]),
])
def test_mix_words_drop_separators_and_joining_words(args, words):
    assert mix_words(args) == words


def test_a_korean_particle_comes_off_a_name():
    assert without_particle("고흐와") == "고흐" and without_particle("모네랑") == "모네"
    assert without_particle("고흐하고") == "고흐" and without_particle("와") is None and without_particle("gogh") is None


@pytest.mark.parametrize("word,stem,styled", [
    ("고흐처럼", "고흐", True), ("김홍도풍으로", "김홍도", True), ("모네스타일로", "모네", True), ("모네의", "모네", False),
    ("고흐를", "고흐", False), ("모네로", "모네", False), ("고흐처럼그려줘", "고흐", True), ("monet's", "monet", False),
    ("고흐처럼!!", "고흐", True),
])
def test_the_endings_a_name_takes_come_off(word, stem, styled):
    assert (stem, styled) in name_stems(word)


def test_a_word_without_an_ending_has_no_stem():
    assert name_stems("고흐") == [] and name_stems("gogh") == [] and name_stems("처럼") == []


def test_request_words_are_no_artists_name():
    assert is_request_word("Please!") and is_request_word("그려줘") and not is_request_word("monet")
    catalog = load_catalog()
    assert not [word for word in REQUEST_WORDS if catalog.get(word) is not None]


def test_the_words_around_a_name_say_whether_it_is_the_style_asked_for():
    assert names_the_style(["my", "cat", "like"], None) and names_the_style(["in", "the", "style", "of"], None)
    assert names_the_style([], "style") and names_the_style(["우리", "집"], "풍으로")
    assert not names_the_style(["me", "and"], "in") and not names_the_style([], "가는")
    assert not names_the_style(["a", "photo", "of"], None)


@pytest.mark.parametrize("weights,shares", [
    ([0.7, None], [0.7, 0.3]), ([0.07, 0.03], [0.7, 0.3]), ([0.3, 0.3], [0.5, 0.5]), ([None, None], [0.5, 0.5]),
    ([0.9, None], [0.9, 0.1]), ([0.5, None, None], [0.5, 0.25, 0.25]), ([700.0, 300.0], [0.7, 0.3]),
    ([1.0, 2.0], [1 / 3, 2 / 3]), ([70.0, None], [0.7, 0.3]), ([0.7, None], [0.7, 0.3]),
    ([1.0, None], None), ([1.5, None], None), ([0.0, 0.0], None), ([-0.5, 1.0], None), ([100.0, None], None),
    ([0.0, None], None), ([1e9, 1.0], None), ([0.995, None], None), ([0.99, None], [0.99, 0.01]),
])
def test_mix_shares_add_up_to_one_and_say_when_nothing_is_left(weights, shares):
    got = mix_shares(weights)
    assert got == (None if shares is None else pytest.approx(shares))


def test_a_mix_is_labelled_by_its_real_shares():
    assert mix_label(["Vincent van Gogh", "Claude Monet"], [0.3, 0.3]) == "Vincent van Gogh 50% + Claude Monet 50%"
    assert mix_label(["A", "B"], [0.7, 0.3]) == "A 70% + B 30%"


@pytest.mark.parametrize("word,value", [
    ("on", True), ("ON", True), ("yes", True), ("켜기", True), ("켜", True), ("네", True),
    ("off", False), ("no", False), ("끄기", False), ("꺼", False), ("아니요", False), ("maybe", None), ("", None),
])
def test_switch_words_in_both_languages(word, value):
    assert read_switch(word) is value


def test_words_that_clear_the_default_artist():
    assert all(is_clear_word(w) for w in ("off", "none", "끄기", "해제", "없음", " Off "))
    assert not is_clear_word("gogh") and not is_clear_word("")


def test_sizes_by_name_or_pixels():
    named = {"small": 384, "xl": 1024}
    assert read_size("xl", named) == 1024 and read_size("Small", named) == 384
    assert read_size("512", named) == read_size("512px", named) == read_size("512 px", named) == 512
    assert read_size("아주  크게", {"xl": 1024}) == 1024 and read_size("작게", named) == 384
    assert read_size("huge", named) is None and read_size("-5", named) is None and read_size("", named) is None


@pytest.mark.parametrize("text,lang", [
    ("ko", "ko"), ("ko-KR", "ko"), ("ko_kr", "ko"), ("KO", "ko"), ("한국어", "ko"), ("korean", "ko"),
    ("en-US", "en"), ("English", "en"), ("영어", "en"), ("fr", None), ("", None),
])
def test_languages_by_code_or_name(text, lang):
    assert read_language(text) == lang


def test_the_bots_own_name_comes_off_the_arguments():
    assert strip_bot_mention("gogh@paintbot", "PaintBot") == "gogh"
    assert strip_bot_mention("gogh @paintbot", "paintbot") == "gogh"
    assert strip_bot_mention("gogh@otherbot", "paintbot") == "gogh@otherbot"
    assert strip_bot_mention("my@style", None) == "my@style"            # the web chat has no name: nothing is one
    assert strip_bot_mention("van gogh", "paintbot") == "van gogh"


def test_the_words_around_a_name_say_whether_they_ask_on_their_own():
    assert asks_on_its_own([]) == "bare" and asks_on_its_own(["please!"]) == "bare"
    assert asks_on_its_own(["paint", "it", "like"]) == "verb" and asks_on_its_own(["그려줘"]) == "verb"
    assert asks_on_its_own(["do", "you", "like"]) == "chatter" and asks_on_its_own(["like"]) is None
