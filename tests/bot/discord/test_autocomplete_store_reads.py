"""The artist autocomplete read a community's styles from the store on the event loop at every
key press (~10 ms with 1000 styles), and both autocompletes the user's settings. The reads are
kept while what they show is unchanged (Store.listing_version), a few seconds at most
(bot/discord_autocomplete_reads.py): a style added through the bot shows up at the next key
press, and a language guessed where the user's settings could not be read is not kept. (A
painting's writes keep them: test_autocomplete_kept_through_paintings.)"""
from __future__ import annotations

import sqlite3

import pytest

from bot.discord_autocomplete_reads import KEPT_S, KeptReads, NotKept
from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.discord import test_discord, test_discord_limits
from tests.bot.discord.test_discord import USER, choices_for
from tests.bot.discord.test_size_option import size_choices_for
from tests.bot.fake_discord import APP_ID, interaction

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def counted(reads: list):
    def read():
        reads.append(1)
        return len(reads)
    return read


def test_a_read_is_kept_while_the_version_is_the_same_and_kept_s_at_most():
    clock, version, reads = Clock(), [1], []
    kept = KeptReads(lambda: version[0], clock)
    assert kept.get("k", counted(reads)) == 1 and kept.get("k", counted(reads)) == 1     # read once
    version[0] = 2                                            # the store changed: read again
    assert kept.get("k", counted(reads)) == 2 and kept.get("k", counted(reads)) == 2
    clock.now += KEPT_S                                       # kept KEPT_S at most, the store unchanged
    assert kept.get("k", counted(reads)) == 3
    assert kept.get("other", counted(reads)) == 4             # each key its own read


def test_a_store_without_a_version_is_read_again_after_kept_s():
    clock, reads = Clock(), []
    kept = KeptReads(lambda: None, clock)
    assert kept.get("k", counted(reads)) == 1
    clock.now += KEPT_S - 0.1
    assert kept.get("k", counted(reads)) == 1
    clock.now += 0.1
    assert kept.get("k", counted(reads)) == 2


def test_a_read_that_fails_is_not_kept():
    kept = KeptReads(lambda: 1, Clock())

    def failing():
        raise OSError("locked")
    with pytest.raises(OSError):
        kept.get("k", failing)
    assert kept.get("k", lambda: "read") == "read"


@pytest.mark.slow
async def test_key_presses_read_the_store_once_and_a_style_added_through_the_bot_shows_at_once(
        discord_fast, store, monkeypatch):
    fake, frontend = discord_fast
    styles_in, prefs, reads = store.styles_in, store.prefs, []
    monkeypatch.setattr(store, "styles_in", lambda scope: reads.append(scope) or styles_in(scope))
    monkeypatch.setattr(store, "prefs", lambda *a, **k: reads.append("prefs") or prefs(*a, **k))
    for typed in ("ㄱ", "고", "고흐"):
        assert "gogh" in await choices_for(fake, typed, channel_id="444")
    assert sorted(reads) == ["dc:444", "global", "prefs"], reads          # once for three key presses

    painting = fake.add_attachment("sunset.png", make_photo(96, 96, seed=9, fmt="PNG"), "image/png")
    await fake.dispatch("INTERACTION_CREATE", interaction(2, {
        "id": "6", "name": "addstyle", "type": 1,
        "options": [{"name": "name", "type": 3, "value": "고흐노을"},
                    {"name": "image1", "type": 11, "value": painting["id"]}],
        "resolved": {"attachments": {painting["id"]: painting}}}, USER, channel_id="444"))
    await fake.wait_for(lambda: any("고흐노을" in (b.get("content") or "")
                                    for _, b, _ in fake.recorded("PATCH", f"/webhooks/{APP_ID}/")), timeout=15)
    assert store.find_style("dc:444", "고흐노을") is not None
    assert "고흐노을" in await choices_for(fake, "고흐", channel_id="444")      # the next key press has it


def test_a_read_not_kept_is_used_once():
    kept = KeptReads(lambda: 1, Clock())
    assert kept.get("lang", lambda: NotKept("en")) == "en"    # (the user's settings unread: a guess)
    assert kept.get("lang", lambda: "ko") == "ko"
    assert kept.get("lang", lambda: "en") == "ko"             # a read that could say is kept


@pytest.mark.slow
async def test_a_language_guessed_where_the_settings_failed_is_not_kept(discord_fast, store, monkeypatch):
    """The user's /lang ko, unread once (the store failed): that key press is in their client's
    language (English), and the next reads their settings again: Korean, not the guess kept 5 s."""
    fake, _ = discord_fast
    store.set_prefs(f"dc:{USER['id']}", "dc", lang="ko")
    prefs, failures = store.prefs, [sqlite3.OperationalError("disk I/O error")]

    def prefs_failing_once(*args, **kwargs):
        if failures:
            raise failures.pop()
        return prefs(*args, **kwargs)
    monkeypatch.setattr(store, "prefs", prefs_failing_once)
    names = [name for name, _ in await size_choices_for(fake, "", locale="en-US")]
    assert names and all(name.startswith(t("en", f"dc_choice_size_{size}")) for name, size in
                         zip(names, ("small", "medium", "large", "xl"))), names
    names = [name for name, _ in await size_choices_for(fake, "", locale="en-US")]
    assert names and all(name.startswith(t("ko", f"dc_choice_size_{size}")) for name, size in
                         zip(names, ("small", "medium", "large", "xl"))), names
