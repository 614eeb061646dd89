"""Fixes from a security review: /mydata's zip is built off the event loop, its photos stored as
they are, and at most one export with photos per user a minute; /addstyle refuses a name whose
key (NFKD) is too long for a file name; the Discord client lets no mention notify unless a
message allows it (a reply echoing "@everyone" pings nobody)."""
from __future__ import annotations

import io
import time
import zipfile

import pytest

import bot.preference_commands
from bot.messages import t
from styles import normalise
from tests.loop_ticks import LoopTicks

from tests.bot.discord import test_discord
from tests.bot.conftest import make_photo
from tests.bot.fake_discord import APP_ID
from tests.bot.test_commands import say
from tests.bot.discord.test_discord import connect, style_with_photo

fake_api = test_discord.fake_api          # the fixture: the fake Discord that discord.py connects to


def kept_photos(store, user: str, count: int = 2) -> list[bytes]:
    photos = [make_photo(96 + i, 72, seed=i) for i in range(count)]
    for photo in photos:
        store.save_photo(user, photo, user)
    return photos


async def test_mydata_again_within_a_minute_is_refused_before_any_work(layer, store, monkeypatch):
    kept_photos(store, "tg:7")
    first = await say(layer, "/mydata", user="tg:7")
    assert first.sent[0].document is not None
    exported = []
    monkeypatch.setattr(store, "export_files", lambda user: exported.append(user) or [])
    again = await say(layer, "/mydata", user="tg:7", locale="ko")
    assert again.texts == [t("ko", "mydata_wait", seconds=60)] and not any(r.document for r in again.sent)
    assert exported == []                                   # refused before reading a photo
    assert "{" not in t("en", "mydata_wait", seconds=60) and t("ko", "mydata_wait") != t("en", "mydata_wait")
    # another user is not held up; nor is a user with no photo kept (a few KB of JSON), twice
    monkeypatch.undo()
    assert (await say(layer, "/mydata", user="tg:8")).sent[0].document is not None
    assert (await say(layer, "/mydata", user="tg:8")).sent[0].document is not None
    # a refusal in a group (mydata_private) starts no minute
    kept_photos(store, "tg:9")
    await say(layer, "/mydata", user="tg:9", chat="tg:-5", community="tg:-5")
    assert (await say(layer, "/mydata", user="tg:9")).sent[0].document is not None
    # once the minute is over, it is answered again
    monkeypatch.setattr(bot.preference_commands, "MYDATA_INTERVAL", 0.2)
    time.sleep(0.25)
    assert (await say(layer, "/mydata", user="tg:7")).sent[0].document is not None


async def test_mydata_photos_are_stored_not_deflated(layer, store):
    photos = kept_photos(store, "tg:7", count=3)
    body = (await say(layer, "/mydata", user="tg:7")).sent[0].document[1]
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        entries = {info.filename: info for info in z.infolist()}
        assert sorted(z.read(n) for n in entries if n.startswith("photos/")) == sorted(photos)
    assert all(info.compress_type == zipfile.ZIP_STORED for n, info in entries.items() if n.startswith("photos/"))
    assert entries["mydata.json"].compress_type == zipfile.ZIP_DEFLATED      # JSON still compresses


async def test_mydata_zip_is_written_off_the_event_loop(layer, store, monkeypatch):
    """Each entry written takes 0.2 s here (as deflating 20 MB photos did): the loop runs on meanwhile."""
    kept_photos(store, "tg:7", count=3)
    write = zipfile.ZipFile.writestr

    def slow_write(self, *args, **kwargs):
        time.sleep(0.2)
        return write(self, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", slow_write)
    async with LoopTicks() as ticks:
        began = time.monotonic()
        out = await say(layer, "/mydata", user="tg:7")
        took = time.monotonic() - began
    assert out.sent[0].document is not None and took >= 0.8
    assert ticks.ran_on_for(took), (ticks.count, took)


async def test_addstyle_name_whose_key_expands_past_a_file_name_is_refused(layer, store):
    name = "\ufdfa" * 32                 # 32 characters; NFKD makes each 15 Arabic letters: 960 bytes
    assert len(normalise(name).encode()) > 255
    out = await say(layer, f"/addstyle {name}", images=[make_photo(90, 90)])
    assert out.texts == [t("en", "addstyle_bad_name")] and not layer.described
    assert not store.styles_in("tg:1")
    # the longest names of most scripts still fit: 32 Hangul syllables (96 bytes)
    out = await say(layer, "/addstyle " + "가" * 32, images=[make_photo(90, 90)])
    assert layer.described == [1] and t("en", "addstyle_bad_name") not in out.texts[-1], out.texts


@pytest.mark.slow
async def test_discord_reply_echoing_everyone_pings_nobody(fake_api, layer, settings):
    """/style @everyone: the reply names the style asked for; sent with no mention allowed."""
    frontend = await connect(fake_api, layer, settings)
    try:
        default = frontend.client.allowed_mentions
        assert (default.everyone, default.users, default.roles, default.replied_user) == (False,) * 4
        await fake_api.dispatch("INTERACTION_CREATE", style_with_photo(fake_api, "@everyone"))
        followups = await fake_api.wait_for(lambda: fake_api.recorded("POST", f"/webhooks/{APP_ID}/"))
        body = followups[0][1]
        assert "@everyone" in body["content"], body
        assert body["allowed_mentions"]["parse"] == [], body
    finally:
        await frontend.stop()
