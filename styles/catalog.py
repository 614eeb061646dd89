"""The artist catalog: metadata from catalog.toml and lookup by any alias (no torch needed).

Lookup ignores case, spaces, hyphens, dots and accents, in any script (`Van Gogh`, `vangogh`,
`반 고흐` all find gogh); near misses get "did you mean" suggestions.
"""
from __future__ import annotations

import difflib
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

CATALOG_FILE = Path(__file__).parent / "catalog.toml"
DESCRIPTOR_DIR = Path(__file__).parent / "descriptors"


@dataclass(frozen=True)
class Painting:
    title: str
    file: str
    source: str
    license: str = ""


@dataclass(frozen=True)
class Artist:
    slug: str
    name_en: str
    name_ko: str
    years: str
    aliases: tuple[str, ...]
    paintings: tuple[Painting, ...] = field(default=())
    signature: str | None = None      # file of the painting artist commands use (None: most typical)

    def name(self, lang: str = "en") -> str:
        return self.name_ko if lang == "ko" else self.name_en

    @property
    def descriptor_path(self) -> Path:
        return DESCRIPTOR_DIR / f"{self.slug}.safetensors"


def normalise(name: str) -> str:
    """Lower-case, no accents, no spaces or punctuation: the key every alias is compared on."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    recomposed = unicodedata.normalize("NFC", stripped)   # Hangul jamo back into syllables
    return "".join(ch for ch in recomposed if ch.isalnum())


def spelled_out(key: str) -> str:
    """A normalised key with each Hangul syllable as its letters (NFD: 고흐 -> ᄀ ᅩ ᄒ ᅳ), so a
    near miss is measured by the letters that differ, as in Latin script."""
    return unicodedata.normalize("NFD", key)


class Catalog:
    def __init__(self, artists: list[Artist]):
        self.artists = artists
        self._by_key: dict[str, Artist] = {}
        for artist in artists:
            for alias in (artist.slug, artist.name_en, artist.name_ko, *artist.aliases):
                self._by_key.setdefault(normalise(alias), artist)
        self._by_letters = {spelled_out(key): artist for key, artist in self._by_key.items()}

    def __iter__(self):
        return iter(self.artists)

    def __len__(self) -> int:
        return len(self.artists)

    def get(self, name: str) -> Artist | None:
        return self._by_key.get(normalise(name))

    def resolve(self, name: str) -> Artist:
        artist = self.get(name)
        if artist is None:
            from engine.errors import UnknownStyleError  # plain-Python module, no torch

            raise UnknownStyleError(name, self.suggest(name))
        return artist

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Slugs of the artists whose aliases are closest to ``name``. Compared letter by letter
        (Hangul syllables split into their jamo): as syllables, 고호 and 고흐 share half their
        letters, below difflib's cutoff, though only one vowel differs."""
        key = spelled_out(normalise(name))
        if not key:
            return []
        matches = difflib.get_close_matches(key, list(self._by_letters), n=10, cutoff=0.6)
        slugs: list[str] = []
        for m in matches:
            slug = self._by_letters[m].slug
            if slug not in slugs:
                slugs.append(slug)
        return slugs[:limit]


@lru_cache(maxsize=4)
def load_catalog(path: str | Path = CATALOG_FILE) -> Catalog:
    with open(path, "rb") as f:
        data = tomllib.load(f)
    artists = []
    for entry in data["artist"]:
        paintings = tuple(Painting(**p) for p in entry.get("painting", []))
        artists.append(Artist(entry["slug"], entry["name_en"], entry["name_ko"], entry["years"],
                              tuple(entry.get("aliases", [])), paintings, entry.get("signature")))
    return Catalog(artists)
