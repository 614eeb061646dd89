"""Names listed in a reply as people write lists: "Claude Monet and Gustav Klimt", "A, B and C"
(a bare comma read "leaves nothing for Claude Monet, Gustav Klimt", as if a word were missing).
Korean lists with commas ("클로드 모네, 구스타프 클림트"), which reads as written. Alternatives
("Did you mean: gogh or monet?") end with "or", in Korean "또는" ("고흐 또는 모네")."""
from __future__ import annotations


def names_listed(lang: str, names: list[str]) -> str:
    """``names`` as one phrase of ``lang``: English (also any language the texts lack, as
    bot.messages.t says it) joins the last with "and". A name holding the list's comma or "and"
    ("Salt and Pepper") is quoted, as names_or quotes one holding "or"."""
    if len(names) < 2:
        return ", ".join(names)
    if lang == "ko":
        return ", ".join(_quoted_if_holding(name, ",") for name in names)
    shown = [_quoted_if_holding(name, "and") for name in names]
    return f"{', '.join(shown[:-1])} and {shown[-1]}"


def names_or(lang: str, names: list[str]) -> str:
    """``names`` as alternatives in ``lang``, one of which is meant: "A, B or C" (English, also
    any language the texts lack), "A, B 또는 C" (Korean); one name as it is. A name holding a
    comma or the word "or" (a community style "Black or White") is quoted, as replies quote a
    style's name: "Claude Monet or “Black or White”" (bare, it read as three names)."""
    if len(names) < 2:
        return ", ".join(names)
    word = "또는" if lang == "ko" else "or"
    shown = [_quoted_if_holding(name, word) for name in names]
    return f"{', '.join(shown[:-1])} {word} {shown[-1]}"


def _quoted_if_holding(name: str, word: str) -> str:
    """``name`` in “quotes” where it holds a comma or ``word`` as a word of its own (any case);
    as it is where it is in quotes already (a community style named “흑, 백” read ““흑, 백””)."""
    holds = "," in name or word.casefold() in name.casefold().split()
    return f"“{name}”" if holds and not _in_quotes(name) else name


def _in_quotes(name: str) -> bool:
    """Whether ``name`` is wrapped in quotes of its own: “…” or "…", one pair (“Black” and “White”
    begins and ends with quotes of two)."""
    return len(name) > 1 and (name[0], name[-1]) in (("“", "”"), ('"', '"')) and name[-1] not in name[1:-1]
