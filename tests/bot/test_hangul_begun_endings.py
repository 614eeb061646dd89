"""hangul.begun_ending_stems: the letters of a typed word without a Korean ending being typed."""
from bot.hangul import begun_ending_stems, letters

ENDINGS = ("처럼", "로", "그려줘", "풍으로")


def test_an_ending_begun_comes_off_at_any_letter_shown_alone_or_as_a_final():
    for typed in ("모네ㅊ", "모넻", "모네처", "모네철", "모네처러", "모네처럼"):
        assert letters("모네") in begun_ending_stems(typed, ENDINGS), typed


def test_whole_endings_before_the_begun_one_come_off_too_longest_stem_first():
    assert begun_ending_stems("모네로ㄱ", ENDINGS) == [letters("모네로"), letters("모네")]
    assert letters("김홍도") in begun_ending_stems("김홍도풍으", ENDINGS)


def test_no_ending_begun_no_stems_and_never_an_empty_one():
    assert begun_ending_stems("모네", ENDINGS) == []
    assert begun_ending_stems("ㅊ", ENDINGS) == []
    assert begun_ending_stems("monet", ENDINGS) == []
