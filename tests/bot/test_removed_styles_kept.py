"""The store remembers a scope's removed and renamed style names (removed_styles: "/golden_age"
says it was removed; a button from before a rename paints the new name) for the newest
REMOVED_STYLES_KEPT of each scope only, and each scope's bound is its own."""
from bot.store import REMOVED_STYLES_KEPT


def add(store, scope: str, key: str):
    path = store.style_dir(scope) / f"{key}.safetensors"
    path.write_bytes(b"d")
    store.add_style(scope, key.title(), key, path, 1, "tg:7")


def test_the_newest_names_are_kept_per_scope(store):
    add(store, "tg:-200", "other")
    store.remove_style("tg:-200", "other", remember=True)
    for i in range(REMOVED_STYLES_KEPT + 5):
        add(store, "tg:-100", f"style{chr(97 + i // 26)}{chr(97 + i % 26)}")
        store.remove_style("tg:-100", f"style{chr(97 + i // 26)}{chr(97 + i % 26)}", remember=True)
    kept = store.db.execute("select count(*) from removed_styles where scope = 'tg:-100'").fetchone()[0]
    assert kept == REMOVED_STYLES_KEPT
    assert store.removed_style("tg:-100", "styleaa") is None            # the oldest went
    assert store.removed_style("tg:-100", "stylecc") == {"name": "Stylecc", "renamed_to": None}   # the newest stays
    assert store.removed_style("tg:-200", "other") is not None          # another scope's is not counted


def test_a_name_added_again_is_no_longer_remembered_as_removed(store):
    add(store, "tg:-100", "ink")
    store.remove_style("tg:-100", "ink", remember=True)
    add(store, "tg:-100", "ink")
    assert store.removed_style("tg:-100", "ink") is None


def test_names_removed_within_one_clock_tick_keep_the_newest(store, monkeypatch):
    # (a coarse clock gives several removals one time: the bound deleted the name just removed)
    monkeypatch.setattr("bot.store.time.time", lambda: 1_800_000_000.0)
    for i in range(REMOVED_STYLES_KEPT + 1):
        add(store, "tg:-100", f"style{chr(97 + i // 26)}{chr(97 + i % 26)}")
        store.remove_style("tg:-100", f"style{chr(97 + i // 26)}{chr(97 + i % 26)}", remember=True)
    last = f"style{chr(97 + REMOVED_STYLES_KEPT // 26)}{chr(97 + REMOVED_STYLES_KEPT % 26)}"
    assert store.removed_style("tg:-100", last) is not None
    assert store.removed_style("tg:-100", "styleaa") is None
