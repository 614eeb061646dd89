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

from typing import Callable

from .arguments import is_request_word, plain_word

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
}


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
    if plain in NOT_NAMES or is_request_word(plain) or is_command(plain):
        return None
    return name
