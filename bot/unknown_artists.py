"""An artist asked for by a name the catalog does not have: "피카소로 해줘", "picasso please".

Sent after a photo, such a message got the common hint to tap an artist, which did not say why
Picasso was not painted. A word is read as an artist's name only where it is plainly one: the
message is that word and request words alone, and the word has a style ending ("피카소로",
"피카소처럼") or a cue after it ("피카소 스타일로", "picasso style", "picasso please"). Chat
("I love picasso", "피카소 좋아") and the usual words after a painting ("more please", "이걸로
해줘", "아까처럼 해줘") name no artist.
"""
from __future__ import annotations

from typing import Callable

from .arguments import STYLE_ENDINGS, is_request_word, plain_word

# the endings of a Korean word that ask for it as the style: "피카소로", "피카소처럼", "피카소풍으로"
ASKING_ENDINGS = sorted(STYLE_ENDINGS + ("으로", "로"), key=len, reverse=True)
# the words after a name that ask for it: "picasso style", "picasso please", "피카소 스타일로"
CUES_AFTER = {"style", "styled", "please", "pls", "plz", *STYLE_ENDINGS}
# the words said after a painting that take those endings or cues and are no artist: "more
# please", "이걸로 해줘" (this one), "아까처럼" (as before), "똑같이" (the same), "배경화면으로"
NOT_NAMES = {
    "more", "again", "another", "one", "yes", "yeah", "ok", "okay", "sure", "thanks", "thank", "bigger",
    "smaller", "larger", "stronger", "weaker", "lighter", "darker", "brighter", "softer", "same", "next",
    "random", "anything", "any", "whatever", "original", "this", "that", "it", "both", "all", "hq", "help",
    "이걸", "이거", "이것", "그걸", "그거", "그것", "저걸", "저거", "저것", "이", "그", "저", "걸", "거", "것", "똑",
    "아까", "전", "이전", "저번", "지난번", "처음", "원래", "원본", "다음", "방금", "진짜", "실제", "배경화면", "프사",
    "흑백", "컬러", "고화질", "크게", "작게", "아무거나", "랜덤", "네", "응", "좋아", "감사", "고마워",
}


def unknown_name_asked(text: str, is_command: Callable[[str], bool]) -> str | None:
    """The name ``text`` asks for as an artist, as typed without its ending ("피카소로 해줘" ->
    "피카소", "Picasso please" -> "Picasso"), or None where no word plainly is one. The caller
    says it only where the name is no known style (it would have been painted)."""
    words = text.split()
    others = [i for i, w in enumerate(words) if not is_request_word(w)]
    if len(others) != 1:
        return None
    at = others[0]
    word = words[at].strip(".,!?~")
    after = plain_word(words[at + 1]) if at + 1 < len(words) else None
    if after in CUES_AFTER:
        name = word
    else:
        name = next((word[:-len(e)] for e in ASKING_ENDINGS if word.endswith(e) and len(word) > len(e)), None)
    name = (name or "").removesuffix("'s").removesuffix("’s")          # "picasso's style"
    if not any(c.isalpha() for c in name):
        return None
    plain = plain_word(name)
    if plain in NOT_NAMES or is_request_word(plain) or is_command(plain):
        return None
    return name
