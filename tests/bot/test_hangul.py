"""bot/hangul.py: Korean compared letter by letter, as a keyboard types it."""
from __future__ import annotations

import unicodedata

import pytest

from bot.hangul import initials, is_initials, letters, match


def test_syllables_become_the_letters_typed_for_them():
    assert letters("김홍도") == "ㄱㅣㅁㅎㅗㅇㄷㅗ"
    assert letters("가") == "ㄱㅏ" and letters("힣") == "ㅎㅣㅎ"          # the block's first and last
    assert letters("과") == "ㄱㅗㅏ" and letters("의") == "ㅇㅡㅣ"          # compound vowels: two keys
    assert letters("닭") == "ㄷㅏㄹㄱ" and letters("값") == "ㄱㅏㅂㅅ"      # clusters: two keys
    assert letters("까") == "ㄲㅏ"                                         # a double consonant is one key
    assert letters("Kim 김, 1745!") == "Kim ㄱㅣㅁ, 1745!"                  # anything else unchanged


def test_compatibility_and_conjoining_jamo_are_the_same_letters():
    assert letters("ㄱ") == letters("\u1100") == letters("\u11a8") == "ㄱ"   # alone, initial, final
    assert letters("ㅘ") == letters("\u116a") == "ㅗㅏ"
    assert letters("ㄺ") == letters("\u11b0") == "ㄹㄱ"
    for word in ("김홍도", "고흐", "겸재 정선", "닭갈비", "의자"):
        assert letters(unicodedata.normalize("NFD", word)) == letters(word)     # NFD: conjoining jamo
        assert letters(unicodedata.normalize("NFKD", word)) == letters(word)
    # every syllable: the arithmetic agrees with Unicode's own decomposition
    for code in range(0xAC00, 0xD7A4):
        ch = chr(code)
        assert letters(ch) == letters(unicodedata.normalize("NFD", ch))


def test_initials():
    assert initials("김홍도") == "ㄱㅎㄷ"
    assert initials("단원 김홍도") == "ㄷㅇ ㄱㅎㄷ"
    assert initials(unicodedata.normalize("NFD", "김홍도")) == "ㄱㅎㄷ"
    assert is_initials("ㄱㅎㄷ") and is_initials("\u1100\u1112")
    assert not is_initials("김ㅎ") and not is_initials("") and not is_initials("ㅏ") and not is_initials("abc")


@pytest.mark.parametrize("typed", ["ㄱ", "기", "김", "김ㅎ", "김호", "김홍", "김홍ㄷ", "김홍도",
                                   "ㄱㅎㄷ", "ㄱㅎ", "ㄱ\u1112"])
def test_every_step_of_typing_finds_the_name_from_its_start(typed):
    assert match(typed, "김홍도") == 0


def test_a_final_consonant_may_be_the_next_syllables_initial():
    # 고흐 is typed 고, 곻 (the ㅎ waits as 고's final), 고흐; 모네: 모, 몬, 모네; 과: 고, 과
    assert match("곻", "고흐") == 0 and match("몬", "모네") == 0 and match("고", "과") == 0
    assert match("닭", "닭갈비") == 0 and match("달ㄱ", "닭갈비") == 0 and match("닭ㄱ", "닭갈비") == 0
    assert match("김홓", "김홍도") is None                   # a wrong letter is wrong


def test_inside_and_not_there():
    assert match("홍도", "김홍도") == 1 and match("ㅎㄷ", "김홍도") == 1 and match("도", "김홍도") == 1
    assert match("정", "김홍도") is None and match("ㅈㅅ", "김홍도") is None and match("김호ㄱ", "김홍도") is None
    assert match("", "김홍도") == 0 and match("", "") == 0
    # a syllable matched whole, not from its middle: 나 is not in 안아, 아 is in 강아지
    assert match("나", "안아") is None and match("아", "강아지") == 1


def test_latin_and_digits_as_plain_substrings():
    assert match("gog", "gogh") == 0 and match("ogh", "gogh") == 1 and match("x", "gogh") is None
    assert match("ㄱ", "gogh") is None and match("g", "고흐") is None
