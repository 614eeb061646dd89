"""Names listed in a reply as people write lists: "Claude Monet and Gustav Klimt", "A, B and C"
(a bare comma read "leaves nothing for Claude Monet, Gustav Klimt", as if a word were missing).
Korean lists with commas ("클로드 모네, 구스타프 클림트"), which reads as written. Alternatives
("Did you mean: gogh or monet?") end with "or", in Korean "또는" ("고흐 또는 모네")."""
from __future__ import annotations


def names_listed(lang: str, names: list[str]) -> str:
    """``names`` as one phrase of ``lang``: English (also any language the texts lack, as
    bot.messages.t says it) joins the last with "and"."""
    if lang == "ko" or len(names) < 2:
        return ", ".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def names_or(lang: str, names: list[str]) -> str:
    """``names`` as alternatives in ``lang``, one of which is meant: "A, B or C" (English, also
    any language the texts lack), "A, B 또는 C" (Korean); one name as it is."""
    if len(names) < 2:
        return ", ".join(names)
    word = "또는" if lang == "ko" else "or"
    return f"{', '.join(names[:-1])} {word} {names[-1]}"
