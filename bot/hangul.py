"""Hangul for search as you type: text as its jamo letters, so half-typed Korean finds a name.

A Korean keyboard sends a name letter by letter, and its input method shows the letters composed
into syllables as it goes: typing 김홍도 shows "ㄱ", "기", "김", "김ㅎ", "김호", "김홍", "김홍ㄷ",
"김홍도"; typing 고흐 shows "고" then "곻" (the ㅎ is the final of 고 until the ㅡ comes and takes
it as its initial). Compared syllable by syllable, "기" is no prefix of "김" and "곻" none of
"고흐"; compared letter by letter they are: ``letters("곻") == "ㄱㅗㅎ"``, a prefix of
``letters("고흐") == "ㄱㅗㅎㅡ"``.

``letters`` writes every jamo as a letter of the compatibility block (U+3131..U+3163), whatever
its form: a syllable (U+AC00..U+D7A3) through the standard arithmetic
(0xAC00 + (initial * 21 + medial) * 28 + final), conjoining jamo (initials U+1100.., medials
U+1161.., finals U+11A8.., what NFD makes of a syllable) and compatibility jamo (what a keyboard
shows alone) alike. An initial and a final are the same letter, since which one a typed
consonant is only shows with the next letter. Letters typed as two keys are written as two: the
compound vowels (ㅘ = ㅗㅏ, ㅢ = ㅡㅣ, ...) and the consonant clusters of finals (ㄺ = ㄹㄱ). The
letters of a complete Korean word still name its syllables (a consonant before a vowel is an
initial, any other a final), so letter matching is exact except for the last letter typed, which
is the point.

``initials`` gives the first consonant of each syllable (김홍도 -> ㄱㅎㄷ): Korean apps find a name
from its initials typed alone ("choseong search"), which ``match`` does for a query of consonants.
``begun_ending_stems`` takes off the end an ending being typed ("모네처" on the way to 모네처럼), so a
name followed by a half-typed Korean ending is still found.
No dependency: the PyPI packages for this (jamo, hangul-utils, hgtk) are unmaintained or GPL,
and the arithmetic is short.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Optional

SYLLABLE_FIRST, SYLLABLE_LAST = 0xAC00, 0xD7A3
MEDIALS, FINALS = 21, 28

# The 19 initials, 21 medials and 27 finals in Unicode's order (the conjoining blocks and the
# syllable arithmetic use it), each as the letters a keyboard types for it.
INITIAL = "ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ".split()
MEDIAL = "ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅗㅏ ㅗㅐ ㅗㅣ ㅛ ㅜ ㅜㅓ ㅜㅔ ㅜㅣ ㅠ ㅡ ㅡㅣ ㅣ".split()
FINAL = ("ㄱ ㄲ ㄱㅅ ㄴ ㄴㅈ ㄴㅎ ㄷ ㄹ ㄹㄱ ㄹㅁ ㄹㅂ ㄹㅅ ㄹㅌ ㄹㅍ ㄹㅎ ㅁ ㅂ ㅂㅅ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ").split()
# The compatibility block's consonants, U+3131..U+314E (its vowels, U+314F..U+3163, are MEDIAL's order)
COMPAT_CONSONANT = ("ㄱ ㄲ ㄱㅅ ㄴ ㄴㅈ ㄴㅎ ㄷ ㄸ ㄹ ㄹㄱ ㄹㅁ ㄹㅂ ㄹㅅ ㄹㅌ ㄹㅍ ㄹㅎ ㅁ ㅂ ㅃ ㅂㅅ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ "
                    "ㅎ").split()

_LETTERS: dict[str, str] = {}
for _i, _s in enumerate(INITIAL):
    _LETTERS[chr(0x1100 + _i)] = _s
for _i, _s in enumerate(MEDIAL):
    _LETTERS[chr(0x1161 + _i)] = _s
    _LETTERS[chr(0x314F + _i)] = _s
for _i, _s in enumerate(FINAL):
    _LETTERS[chr(0x11A8 + _i)] = _s
for _i, _s in enumerate(COMPAT_CONSONANT):
    _LETTERS[chr(0x3131 + _i)] = _s


def _syllable(ch: str) -> Optional[tuple[int, int, int]]:
    """(initial, medial, final) indices of a precomposed syllable (final 0: none), else None."""
    code = ord(ch)
    if not SYLLABLE_FIRST <= code <= SYLLABLE_LAST:
        return None
    code -= SYLLABLE_FIRST
    return code // (MEDIALS * FINALS), code // FINALS % MEDIALS, code % FINALS


@lru_cache(maxsize=4096)
def letters(text: str) -> str:
    """``text`` with every Hangul syllable and jamo written as the letters typed for it
    (김홍도 -> ㄱㅣㅁㅎㅗㅇㄷㅗ; ᄀ, ᆨ and ㄱ -> ㄱ; 과 -> ㄱㅗㅏ); anything else unchanged."""
    out = []
    for ch in text:
        parts = _syllable(ch)
        if parts is not None:
            initial, medial, final = parts
            out += [INITIAL[initial], MEDIAL[medial], FINAL[final - 1] if final else ""]
        else:
            out.append(_LETTERS.get(ch, ch))
    return "".join(out)


@lru_cache(maxsize=4096)
def initials(text: str) -> str:
    """The initial consonant of each syllable (김홍도 -> ㄱㅎㄷ), anything else kept as it is."""
    out = []
    for ch in text:
        parts = _syllable(ch)
        if parts is not None:
            out.append(INITIAL[parts[0]])
        elif 0x1100 <= ord(ch) <= 0x1112:          # a conjoining initial starts a syllable too
            out.append(_LETTERS[ch])
        elif ch not in _LETTERS:                   # medials and finals are part of a syllable
            out.append(ch)
    return "".join(out)


def is_initials(text: str) -> bool:
    """Whether ``text`` is consonants alone (ㄱㅎㄷ), as typed for a search by initials."""
    return bool(text) and all(_LETTERS.get(ch) in INITIAL for ch in text)


def match(query: str, name: str) -> Optional[int]:
    """How a half-typed ``query`` finds ``name``: 0 when the name starts with it, 1 when it is
    inside, None when it is not there. Compared letter by letter (``letters``), and, for a query
    of consonants alone, also against the name's initials (ㄱㅎㄷ, ㄱㅎ and ㅎㄷ find 김홍도). An
    empty query starts every name. Case and spacing are the caller's (compare normalised keys)."""
    q, n = letters(query), letters(name)
    found = n.find(q)
    if is_initials(query):
        by_initials = initials(name).find(letters(query))
        if by_initials >= 0 and (found < 0 or by_initials < found):
            found = by_initials
    if found < 0:
        return None
    return 0 if found == 0 else 1


def begun_ending_stems(text: str, endings: Iterable[str]) -> list[str]:
    """The letters of ``text`` without an ending of ``endings`` that is only begun, as a keyboard
    shows it on the way: "모네처", "모네ㅊ", "모넻" (the ㅊ of 처럼 composed as 네's final for now)
    and "고흐처러" are 모네 and 고흐 typing "…처럼"; whole endings before it come off too ("모네로ㄱ":
    모네로 그려줘 begun). Compared letter by letter, a begun ending's first consonant is found
    whether it shows alone or as a final. Longest stem first; [] where no ending is begun. A stem
    may be no name at all (김호ㄱ: 김호): the caller looks each one up."""
    word, spelled = letters(text), {letters(e) for e in endings if e}
    begun = {e[:i] for e in spelled for i in range(1, len(e) + 1)}
    stems: set[str] = set()
    todo = [word[:-len(p)] for p in begun if word.endswith(p) and len(word) > len(p)]
    while todo:
        stem = todo.pop()
        if stem not in stems:
            stems.add(stem)
            todo += [stem[:-len(e)] for e in spelled if stem.endswith(e) and len(stem) > len(e)]
    return sorted(stems, key=len, reverse=True)
