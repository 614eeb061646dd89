"""Discord's /size option: a named size or a number of pixels, as the command layer's /size takes
them ("/size small", "/size 256"). It was four fixed choices (small ... xl): a Discord user could
not pick the "/size 256" that size_usage and out_of_memory suggest. Now it is free text with
autocomplete: the four names (in the user's language, with their pixels) and, for digits typed,
that number of pixels. What is sent goes to the layer's /size, which answers size_usage on bad input.
"""
from __future__ import annotations

import re
import unicodedata

from discord import app_commands

from styles import normalise

from . import hangul
from .arguments import SIZE_WORDS
from .messages import t

NAMED = ("small", "medium", "large", "xl")          # preference_commands.SIZES, in their order
LANGS = ("en", "ko")
# digits, with a unit begun or whole ("256", "256p", "256 px", "256픽셀")
TYPED_PIXELS = re.compile(r"([0-9]+)\s*(?:px?|pix\w*|픽셀?)?")
LABEL_END = " · "                                   # a named choice's label, then its pixels


def named_label(name: str, lang: str, pixels: int) -> str:
    """A named size as its choice shows it: "small · 384 px", "작게 (small) · 384 px"."""
    return f"{t(lang, f'dc_choice_size_{name}')}{LABEL_END}{pixels} px"


def size_choices(typed: str, lang: str, named: dict[str, int], low: int, high: int) -> list[app_commands.Choice[str]]:
    """The autocomplete's choices for what was typed so far: the named sizes it begins or holds
    (in either language: "작", "ㅋ", "med"), all four for nothing typed; for digits, pixels."""
    digits = TYPED_PIXELS.fullmatch(unicodedata.normalize("NFKC", typed).strip().lower())
    if digits:
        return pixel_choices(digits[1], lang, named, low, high)
    key = normalise(typed)
    ranked = []
    for order, name in enumerate(NAMED):
        ranks = [r for word in words_for(name) if (r := hangul.match(key, normalise(word))) is not None]
        if ranks:
            ranked.append((min(ranks), order, name))
    return [app_commands.Choice(name=named_label(name, lang, named[name]), value=name)
            for _, _, name in sorted(ranked)]


def words_for(name: str) -> list[str]:
    """Every word a named size is found by: its own, its labels, /size's Korean words (중간, 최대)."""
    labels = [t(lang, f"dc_choice_size_{name}") for lang in LANGS]
    return [name, *labels, *(word for word, value in SIZE_WORDS.items() if value == name)]


def pixel_choices(digits: str, lang: str, named: dict[str, int], low: int, high: int) -> list[app_commands.Choice[str]]:
    """Digits typed: that many pixels where /size takes it, then the named sizes whose pixels begin
    with them ("5": medium's 512). A number still too small ("2", "25", on the way to 256) offers
    the least /size that begins with it (200, 250), not a size the digits never said; one too large
    the largest /size (typing more only makes it larger)."""
    typed = int(digits)
    wanted = digits.lstrip("0")
    sides = [typed] if low <= typed <= high else []
    if typed < low and wanted:
        sides += [side] if (side := least_side_starting(wanted, low, high)) else []
    elif typed > high:
        sides.append(high)
    choices = [app_commands.Choice(name=f"{side} px", value=str(side)) for side in sides]
    for name in NAMED:
        if str(named[name]).startswith(wanted or "-") and named[name] not in sides:
            choices.append(app_commands.Choice(name=named_label(name, lang, named[name]), value=name))
    return choices


def least_side_starting(digits: str, low: int, high: int) -> int | None:
    """The least number from ``low`` to ``high`` written starting with ``digits``; None if none."""
    for more in range(1, len(str(high)) + 1):
        first, last = int(digits) * 10 ** more, (int(digits) + 1) * 10 ** more - 1
        if last >= low and first <= high:
            return max(first, low)
    return None


def typed_size(value: str) -> str:
    """What the option sent, as the layer's /size reads it: a choice's label typed out whole
    ("작게 (small)", "small · 384 px": Discord sends the text when no choice was picked) is its
    size's name; anything else ("256", "작게", "50") as it is, for /size to take or refuse."""
    label = normalise(value.split(LABEL_END.strip())[0])
    for name in NAMED:
        if label and label in {normalise(t(lang, f"dc_choice_size_{name}")) for lang in LANGS}:
            return name
    return value.strip()
