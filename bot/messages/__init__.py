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


def t(lang: str, key: str, /, **params) -> str:
    """The text of ``key`` in ``lang`` (English when missing), with ``params`` filled in."""
    text = table(lang if lang in LANGS else "en").get(key) or table("en").get(key) or key
    return text.format_map(_Default(params))


def has(key: str) -> bool:
    return key in table("en")
