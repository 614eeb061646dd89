"""The artist catalog: every artist folder, names in both languages, lookup, descriptors."""
import csv

import pytest

from engine.descriptors import LAYERS, StyleDescriptor
from styles import load_catalog

from tests.engine.conftest import DATA


def test_every_artist_folder_is_in_the_catalog():
    folders = sorted(p.name for p in (DATA / "artists").iterdir() if p.is_dir()) if (DATA / "artists").exists() else []
    slugs = sorted(a.slug for a in load_catalog())
    assert len(slugs) == 22
    if folders:
        assert slugs == folders


def test_paintings_are_copied_from_the_manifest():
    manifest = DATA / "MANIFEST.tsv"
    if not manifest.exists():
        pytest.skip("no shared data")
    with open(manifest, newline="") as f:
        rows = {r["staged_path"]: r for r in csv.DictReader(f, delimiter="\t") if r["kind"] == "artist"}
    count = 0
    for artist in load_catalog():
        for p in artist.paintings:
            row = rows[f"artists/{artist.slug}/{p.file}"]
            assert p.title == row["title"]
            assert row["source_repo"] in p.source
            count += 1
    assert count == len(rows) == 79


@pytest.mark.parametrize("alias,slug", [
    ("gogh", "gogh"), ("Van Gogh", "gogh"), ("vangogh", "gogh"), ("고흐", "gogh"), ("반고흐", "gogh"),
    ("kimhongdo", "kimhongdo"), ("김홍도", "kimhongdo"), ("단원", "kimhongdo"),
    ("jeongseon", "jeongseon"), ("정선", "jeongseon"), ("겸재", "jeongseon"),
    ("빈센트", "gogh"), ("고호", "gogh"),
    ("MONET", "monet"), ("모네", "monet"), ("Cézanne", "cezanne"), ("el greco", "elgreco"),
])
def test_alias_lookup(alias, slug):
    assert load_catalog().resolve(alias).slug == slug


def test_every_artist_has_korean_and_english_names_and_aliases():
    for a in load_catalog():
        assert a.name_en and a.name_ko and a.years
        assert any("\uac00" <= ch <= "\ud7a3" for ch in a.name_ko)
        assert load_catalog().get(a.name_ko) is a
        assert a.paintings


@pytest.mark.parametrize("typo,slug", [("gohg", "gogh"), ("monett", "monet"), ("klimpt", "klimt"), ("rembrant", "rembrandt"),
                                       # Hangul compared by its letters: one vowel off in two syllables
                                       ("모내", "monet"), ("김홍두", "kimhongdo"), ("고흐흐", "gogh")])
def test_did_you_mean(typo, slug):
    cat = load_catalog()
    assert cat.get(typo) is None
    assert cat.suggest(typo)[0] == slug


def test_descriptors_are_committed_for_every_artist():
    for a in load_catalog():
        desc = StyleDescriptor.load(a.descriptor_path)
        parts = StyleDescriptor.load_parts(a.descriptor_path)
        assert len(parts) == len(a.paintings)
        for layer in LAYERS:
            mean, std = desc.stats[layer]
            assert mean.ndim == 1 and (std > 0).all()
