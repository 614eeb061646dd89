"""The Discord front-end while the store fails (bot.sqlite3 locked, the disk). An artist option's
autocomplete read the community styles, and the user's language, from the store, and the whole
answer failed with a traceback: Discord showed "Loading options failed" under every letter typed.
The artists are offered all the same, in the client's language; the community styles are left out.
The front-end's own notes (an old button's) are in the client's language too, not English."""
from __future__ import annotations

import logging

import pytest

from bot.messages import t
from bot.store import StorageError

from tests.bot.discord import test_discord
from tests.bot.discord.test_discord import USER, connect
from tests.bot.fake_discord import interaction

fake_api = test_discord.fake_api
WAIT_S = 15.0


@pytest.fixture
async def discord_fast(fake_api, layer, settings):
    frontend = await connect(fake_api, layer, settings)
    yield fake_api, frontend
    await frontend.stop()


def storage_fails(*args, **kwargs):
    raise StorageError("database is locked", "bot.sqlite3")


async def choices_for(fake, typed: str, locale: str) -> list[dict]:
    answered = len([b for _, b, _ in fake.recorded("POST", "/callback") if b.get("type") == 8])
    await fake.dispatch("INTERACTION_CREATE", interaction(4, {
        "id": "5", "name": "style", "type": 1,
        "options": [{"name": "artist", "type": 3, "value": typed, "focused": True}]}, USER, channel_id="333",
        guild_id="555", locale=locale))
    answers = await fake.wait_for(lambda: [b for _, b, _ in fake.recorded("POST", "/callback")
                                           if b.get("type") == 8][answered:], timeout=WAIT_S)
    return answers[0]["data"]["choices"]


async def test_the_artists_are_offered_while_the_store_fails(discord_fast, store, monkeypatch, caplog):
    fake, _ = discord_fast
    monkeypatch.setattr(store, "styles_in", storage_fails)
    monkeypatch.setattr(store, "prefs", storage_fails)
    caplog.set_level(logging.INFO)
    choices = await choices_for(fake, "고", "ko")
    assert [c["value"] for c in choices] == ["gauguin", "gogh", "schiele"]
    assert choices[1]["name"] == "빈센트 반 고흐 · Vincent van Gogh"       # Korean first, as the client's
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "autocomplete without community styles: the store failed (StorageError)" in caplog.text


async def test_a_community_style_is_offered_when_the_store_works(discord_fast, store):
    fake, _ = discord_fast
    path = store.style_dir("dc:g555") / "gomdori.npz"
    path.write_bytes(b"descriptor")
    store.add_style("dc:g555", "gomdori", "gomdori", path, 3, "dc:1")
    assert [c["value"] for c in await choices_for(fake, "gomd", "en-US")] == ["gomdori"]


async def test_an_old_button_is_answered_in_the_clients_language_while_the_store_fails(discord_fast, store,
                                                                                        monkeypatch):
    """The front-end's own notes (here an old button's) while the store fails: in the client's
    language, not the bot's default (English to a Korean client)."""
    fake, _ = discord_fast
    monkeypatch.setattr(store, "prefs", storage_fails)
    await fake.dispatch("INTERACTION_CREATE", interaction(3, {"custom_id": "0a1b2c3d4e", "component_type": 2}, USER,
                                                          channel_id="333", locale="ko"))
    [answer] = await fake.wait_for(lambda: fake.recorded("POST", "/callback"), timeout=WAIT_S)
    assert answer[1]["data"]["content"] == t("ko", "dc_old_button")
