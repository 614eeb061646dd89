"""Which words of an unknown style name are one artist's name, misspelt.

"van gohg" is Vincent van Gogh mistyped, not an unknown "van" before "gohg": every word is near
a word of one of his names, and the words together are nearest to him. "gohg monet" is two
artists ("monet" is no word of Van Gogh's names), "kim hongdu" one (Kim Hong-do: "kim" alone is
nearest to Klimt, but it is a word of "kim hongdo"). The command layer's suggestion then swaps
the whole name ("/style gogh"), not one word of it ("/style gogh gohg").
"""
from __future__ import annotations

import difflib
from functools import lru_cache

from styles import normalise
from styles.catalog import Artist, Catalog, spelled_out

CUTOFF = 0.6        # as Catalog.suggest's: a word this close to a word of a name is that word mistyped


@lru_cache(maxsize=256)
def name_words(artist: Artist) -> tuple[str, ...]:
    """Every word of every name of ``artist``, and each name whole ("vangogh", "반고흐"), as
    Catalog.suggest compares them (Hangul letter by letter)."""
    names = (artist.slug, artist.name_en, artist.name_ko, *artist.aliases)
    words = {spelled_out(normalise(part)) for name in names for part in (name, *name.split())}
    return tuple(sorted(w for w in words if w))


def near_a_word_of(word: str, artist: Artist) -> bool:
    key = spelled_out(normalise(word))
    words = name_words(artist)
    return bool(key) and (key in words or bool(difflib.get_close_matches(key, words, n=1, cutoff=CUTOFF)))


def one_name(words: list[str], catalog: Catalog) -> str | None:
    """The slug of the artist ``words`` (two or more) name together, mistyped: the artist nearest
    to them joined, each of them a word of one of that artist's names or near one; None when
    they are not one artist's name."""
    if len(words) < 2 or _repeats(words):
        return None
    nearest = catalog.suggest(" ".join(words), limit=1)
    artist = catalog.get(nearest[0]) if nearest else None
    if artist is None or not all(near_a_word_of(w, artist) for w in words):
        return None
    return artist.slug


REPEAT_CUTOFF = 0.75    # two words this alike are one word written twice ("gogh gohg"), not a name


def _repeats(words: list[str]) -> bool:
    """Whether a word of ``words`` is another of them again, mistyped or not: "gogh gohg" is Van
    Gogh named twice (a mix of one artist), not his name; its button offered "/mix gogh"."""
    keys = [spelled_out(normalise(w)) for w in words]
    return any(difflib.SequenceMatcher(None, a, b).ratio() >= REPEAT_CUTOFF
               for i, a in enumerate(keys) for b in keys[i + 1:])
