"""Reply texts in English and Korean: ``t(lang, key, **params)``."""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

LANGS = ("en", "ko")
_DIR = Path(__file__).parent


@lru_cache(maxsize=None)
def table(lang: str) -> dict[str, str]:
    with open(_DIR / f"{lang}.toml", "rb") as f:
        return tomllib.load(f)


class _Default(dict):
    def __missing__(self, key):
        return "?"


# the parameter a text counts by, first found: "KEY_one" is its text for one of them
COUNTED = ("count", "minutes", "attempts", "days")


def t(lang: str, key: str, /, **params) -> str:
    """The text of ``key`` in ``lang`` (English when missing), with ``params`` filled in. Where
    the number it counts by (COUNTED) is 1 and the language has a "KEY_one" text, that one:
    "Cancelled 1 painting.", not "1 painting(s)" (Korean, without plurals, needs none)."""
    texts = table(lang if lang in LANGS else "en")
    if not texts.get(key):
        texts = table("en")
    counted = next((params[p] for p in COUNTED if p in params), None)
    if counted == 1 and not isinstance(counted, bool) and texts.get(key + "_one"):
        key += "_one"
    return (texts.get(key) or key).format_map(_Default(params))


def has(key: str) -> bool:
    return key in table("en")
