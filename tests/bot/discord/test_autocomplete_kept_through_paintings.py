"""The autocompletes' store reads (bot/discord_autocomplete_reads.py) were dropped at every commit
of the store (SQLite's data_version): a painting's job-history row, its last styles, a message's
ref, so on a busy server they almost never stood. They are kept while Store.listing_version is
the same: the writes of what they show (a style added, removed, renamed; a /lang) drop them,
a painting's writes do not."""
from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

from bot.discord_bot import DiscordFrontend


@pytest.fixture
async def frontend(layer, settings):
    frontend = DiscordFrontend(layer, settings)       # (not connected: the autocompletes' reads alone)
    # the version alone says when a read is stale here: KEPT_S (5 s) ran out on a loaded machine
    # between a read and the next, and the test failed however the version went
    frontend.autocomplete_reads.kept_s = 3600.0
    yield frontend
    await frontend.client.close()


async def a_painting_written(store, n: int) -> None:
    """What a painting's delivery writes to the store (bot/painting_jobs.py, the layer, the front-end)."""
    await store.off_loop.record_job(id=f"job{n}", user_id="dc:1", chat_id="dc:444", platform="dc", command="style",
                                    method="adain", alpha=1.0, max_side=512, styles=[["artist", "gogh", 1.0]],
                                    created=time.time(), photo="abc", keep_colors=0, seconds=1.0, paint_seconds=0.5,
                                    ok=True, error_key=None)
    await store.off_loop.set_prefs("dc:1", "dc", last_styles=[["gogh", 1.0]], last_method="adain", last_alpha=1.0)
    await store.off_loop.keep_message_ref("dc:444", 1000 + n, f"#job{n}", "dc:1")


async def test_a_painting_written_keeps_the_styles_read_and_a_style_added_drops_it(frontend, store, monkeypatch):
    styles_in, reads = store.styles_in, []
    monkeypatch.setattr(store, "styles_in", lambda scope: reads.append(scope) or styles_in(scope))
    assert frontend._styles_in("dc:g555") == [] and reads == ["dc:g555"]
    for n in range(3):
        await a_painting_written(store, n)
        assert frontend._styles_in("dc:g555") == []
    assert reads == ["dc:g555"], reads                        # read once: the paintings left it standing
    await store.off_loop.add_style("dc:g555", "Sunset", "sunset", store.data_dir / "styles" / "s.npz", 3, "dc:2")
    assert [s.name for s in frontend._styles_in("dc:g555")] == ["Sunset"] and len(reads) == 2
    await store.off_loop.rename_style("dc:g555", "sunset", "Dusk", "dusk")
    assert [s.name for s in frontend._styles_in("dc:g555")] == ["Dusk"]
    await store.off_loop.remove_style("dc:g555", "dusk")
    assert frontend._styles_in("dc:g555") == [] and len(reads) == 4


async def test_a_painting_written_keeps_the_language_read_and_a_lang_drops_it(frontend, store, monkeypatch):
    prefs, reads = store.prefs, []
    monkeypatch.setattr(store, "prefs", lambda *a, **k: reads.append(1) or prefs(*a, **k))
    typing = SimpleNamespace(user=SimpleNamespace(id=1), channel_id=444, locale="en-US")
    assert frontend._autocomplete_lang(typing) == "en"
    await a_painting_written(store, 1)
    assert frontend._autocomplete_lang(typing) == "en" and len(reads) == 1
    await store.off_loop.set_prefs("dc:1", "dc", lang="ko")
    assert frontend._autocomplete_lang(typing) == "ko" and len(reads) == 2
    await store.off_loop.forget_user("dc:1")                   # /forgetme: their /lang gone with them
    assert frontend._autocomplete_lang(typing) == "en"


async def test_the_listing_version_goes_up_with_each_listing_write_alone(store):
    """Store.listing_version, write by write: each that changes a scope's style names or a user's
    language goes up once it is done; a painting's, a training's and the other settings' do not."""
    steps = [
        (True, lambda: store.add_style("tg:-1", "Sunset", "sunset", store.data_dir / "styles" / "s.npz", 3, "tg:2")),
        (False, lambda: store.set_training(store.find_style("tg:-1", "sunset").id, training="queued")),
        (True, lambda: store.rename_style("tg:-1", "sunset", "Dusk", "dusk")),
        (True, lambda: store.move_chat("tg:-1", "tg:-1001")),            # (a group upgraded: its styles follow)
        (False, lambda: store.set_prefs("tg:2", "tg", strength=0.5, last_styles=[["gogh", 1.0]])),
        (True, lambda: store.set_prefs("tg:2", "tg", lang="ko")),
        (False, lambda: store.keep_message_ref("tg:-1001", 7, "#job", "tg:2")),
        (True, lambda: store.remove_style("tg:-1001", "dusk")),
        (True, lambda: store.forget_user("tg:2")),
    ]
    for n, (bumps, write) in enumerate(steps):
        before = store.listing_version
        write()
        assert store.listing_version == before + bumps, n
    assert store.styles_in("tg:-1001") == [] and store.prefs("tg:2").lang is None
