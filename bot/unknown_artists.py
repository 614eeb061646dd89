"""An artist's style asked for by a name the catalog does not have: "picasso style", "피카소풍으로".

Sent after a photo, such a message got the common hint to tap an artist, which did not say why
Picasso was not painted. A word is read as a style's name only where it plainly is one: the
message is that word and request words alone, and the word has a style's ending or cue on it
("피카소풍으로", "피카소 화풍으로", "피카소 스타일로", "picasso style", "in the style of
picasso"). The weaker cues are not read: after a painting "no please", "faster please", "세로로
해줘" (portrait), "마음대로 해줘", "꿈처럼", "어제처럼" name no artist, and a dictionary would be
needed to tell "picasso please" or "피카소로 해줘" from them.
"""
from __future__ import annotations

import re
from typing import Callable

from .arguments import AND_PARTICLES, AND_WORDS, is_request_word, plain_word
from .mix_requests import MIX_WORD, halves_as_mix_word, mix_word_asks, wants_a_mix

# the endings of a word (or the words after it) that say it is a style: "피카소풍", "피카소 화풍으로"
# (the shortest taken off first: "만화풍으로" is 만화's, not 만's)
STYLE_WORDS = ("풍", "풍으로", "화풍", "화풍으로", "스타일", "스타일로")
CUES_AFTER = {"style", "styled", *STYLE_WORDS}
# the words before "style" that are no name: "my style", "a new style", "이런 스타일로"
NOT_NAMES = {
    "my", "your", "his", "her", "our", "their", "its", "new", "old", "same", "different", "other", "another",
    "best", "cool", "nice", "good", "great", "favorite", "favourite", "any", "some", "random", "next", "last",
    "first", "original", "that", "these", "those", "which", "what", "whatever", "usual", "default", "normal",
    "similar", "real", "classic", "simple", "famous", "own", "그", "저", "이거", "그거", "저거",
    "이런", "그런", "저런", "같은", "다른", "내", "제", "네", "니", "너의", "새로운", "새", "똑같은", "원래", "기본",
    "아까", "저번", "아무", "무슨", "어떤", "요즘", "옛날",
    # no names before "like" or "처럼" either: "paint it like before", "어제처럼 그려줘", "실사 느낌으로"
    "before", "yesterday", "this", "it", "me", "you", "him", "them", "mine", "yours", "always", "usual",
    "어제", "예전", "그때", "처음", "실사", "사진", "원본", "진짜", "이거처럼", "꿈",
}
# a name asked for with a painting verb: "paint it like picasso", "draw this like picasso please"
LIKE_NAME = re.compile(r"^(?:please\s+)?(?:paint|draw|repaint|redo)(?:\s+(?:it|this|that|me|my\s+photo|this\s+photo|"
                       r"the\s+photo|the\s+picture|this\s+picture))?\s+like\s+(\S+?)(?:'s|’s)?(?:\s+please)?[.!~]*$",
                       re.IGNORECASE)
# in Korean, "피카소처럼 그려줘" (처럼 with a painting verb: "어제처럼 해줘" is no name) and "피카소 느낌으로
# 해줘" / "피카소느낌으로 그려줘"
KO_NAME = re.compile(r"^(\S+?)(?:처럼\s*그려|\s*느낌으로\s*(?:그려|해))\s*(?:줘요?|주세요|줄래요?|주실래요?)[.!~?]*$")


def unknown_name_asked(text: str, is_command: Callable[[str], bool]) -> str | None:
    """The name ``text`` asks for as a style, as typed without its ending ("피카소풍으로 해줘" ->
    "피카소", "Picasso style" -> "Picasso"), or None where no word plainly is one. The caller
    says it only where the name is no known style (it would have been painted)."""
    words = text.split()
    others = [i for i, w in enumerate(words) if not is_request_word(w)]
    if len(others) != 1:
        return None
    at = others[0]
    word = words[at].strip(".,!?~")
    after = plain_word(words[at + 1]) if at + 1 < len(words) else None
    before = [plain_word(w) for w in words[max(at - 2, 0):at]]
    if after in CUES_AFTER or before == ["style", "of"]:
        name = word
    else:
        name = next((word[:-len(e)] for e in STYLE_WORDS if word.endswith(e) and len(word) > len(e)), "")
    name = name.removesuffix("'s").removesuffix("’s")          # "picasso's style"
    if not any(c.isalpha() for c in name):
        return None
    plain = plain_word(name)
    if plain in NOT_NAMES or is_request_word(plain) or is_command(plain) or describes(name):
        return None
    return name


def unknown_name_requested(text: str, is_command: Callable[[str], bool]) -> str | None:
    """The name a painting request asks to paint like, as typed: "paint it like picasso",
    "피카소처럼 그려줘", "피카소 느낌으로 해줘" -> "picasso" / "피카소"; else None. Only with the
    verb: "I love picasso", "실사처럼 해줘", "꿈처럼" ask nothing of a name. (Known names are
    painted before this is asked.)"""
    words = [w for w in text.split() if plain_word(w) not in ("좀", "please", "pls", "plz")]
    plain = " ".join(words).strip()
    found = LIKE_NAME.match(plain) or KO_NAME.match(plain)
    return _a_name(found.group(1), is_command) if found else None


def unknown_name_in_mix(text: str, is_style: Callable[[str], bool],
                        is_command: Callable[[str], bool]) -> str | None:
    """The one unknown name in a mix asked for with known ones: "mix gogh and picasso", "고흐랑
    피카소 섞어줘", "half picasso half monet" -> "picasso" / "피카소"; None where the mix word
    asks nothing ("can you mix gogh and picasso?", "don't mix ..."), or the names are not all
    known but one."""
    # half and half said in words asks as "gogh and monet" alone does, unless as a question
    # ("half picasso half monet"; "can you do half picasso half monet?" is chat)
    in_halves = halves_as_mix_word(text) != text and "?" not in text
    if not wants_a_mix(text) or not (in_halves or mix_word_asks(text, caption=False)):
        return None
    names = []
    # (half and half as the mix word it is: "half picasso half monet" names no "half")
    for word in MIX_WORD.sub(" ", halves_as_mix_word(text)).split():
        word = word.strip(".,!?~")
        if not word or plain_word(word) in AND_WORDS or is_request_word(word) or MIX_WORD.fullmatch(word):
            continue
        stem = next((word[:-len(p)] for p in AND_PARTICLES if word.endswith(p) and len(word) > len(p)
                     and not is_style(word)), word)
        names.append(stem)
    unknown = [name for name in names if not is_style(name)]
    if len(names) < 2 or len(unknown) != 1:
        return None
    return _a_name(unknown[0], is_command)


def _a_name(word: str, is_command: Callable[[str], bool]) -> str | None:
    """``word`` as a name, or None where it is no name (a pronoun, a request word, a command's, a
    Korean word describing: "따뜻한 느낌으로 해줘" said "I don't know 따뜻한 (yet)")."""
    name = word.strip(".,!?~").removesuffix("'s").removesuffix("’s")
    plain = plain_word(name)
    if not any(c.isalpha() for c in name) or plain in NOT_NAMES or is_request_word(plain) or is_command(plain) \
            or describes(name):
        return None
    return name


def describes(word: str) -> bool:
    """Whether a Korean ``word`` is a describing form, its last syllable closed by ㄴ (따뜻한, 밝은,
    차가운, 몽환적인): a mood asked for, not an artist. (Catalog names are painted before this
    is asked; an unknown painter's name so written, say 세잔, gets the common hint instead.)"""
    last = word[-1:]
    return len(word) > 1 and "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 == 4
