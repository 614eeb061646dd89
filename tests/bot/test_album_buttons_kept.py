"""The one "which artist?" buttons message of a caption-less album paints all its photos; which
photos those are was kept in memory only, so after a restart a tap painted the first photo alone
("the others are gone"), though every photo was still kept. It is kept in bot.sqlite3 now: a tap
after a restart paints the whole album; bounded (ALBUM_OFFERS_KEPT) and expiring with the photos
(PHOTO_KEEP_DAYS), listed by /mydata and deleted by /forgetme."""
from __future__ import annotations

import time

from bot import photo_commands
from bot.commands import CommandLayer
from bot.messages import t
from bot.store import Store

from tests.bot.conftest import make_photo
from tests.bot.test_commands import say

GROUP = dict(chat="tg:-100", community="tg:-100", mentioned=True)


def buttons_of(out):
    return [b.command for reply in out.sent for row in (reply.buttons or []) for b in row]


def gogh_of(out):
    return next(c for c in buttons_of(out) if c.startswith("/style gogh"))


def restarted(settings, fake_queue):
    """A new store and command layer on the same DATA_DIR: the bot after a restart."""
    store = Store(settings.DATA_DIR)
    return store, CommandLayer(settings, store, fake_queue, describer=None)


async def test_a_tap_after_a_restart_paints_the_whole_album(layer, store, settings, fake_queue):
    photos = [make_photo(seed=i) for i in range(3)]
    out = await say(layer, "", images=photos)
    store.close()
    again, layer = restarted(settings, fake_queue)
    try:
        tap = await say(layer, gogh_of(out))
        assert [job.image for job in fake_queue.jobs] == photos, tap.texts
        assert t("en", "album_others_gone") not in tap.texts
        assert len(tap.images) == 3
    finally:
        again.close()


async def test_after_a_restart_another_members_tap_still_paints_the_first_only(layer, store, settings, fake_queue):
    photos = [make_photo(seed=i) for i in range(3)]
    out = await say(layer, "", images=photos, user="tg:1", **GROUP)
    store.close()
    again, layer = restarted(settings, fake_queue)
    try:
        tap = await say(layer, gogh_of(out), user="tg:2", locale="ko", **GROUP)
        assert [(job.user_id, job.image) for job in fake_queue.jobs] == [("tg:2", photos[0])]
        assert t("ko", "album_not_yours") in tap.texts, tap.texts
        await say(layer, gogh_of(out), user="tg:1", **GROUP)
        assert [job.image for job in fake_queue.jobs[1:]] == photos
    finally:
        again.close()


async def test_only_the_newest_albums_are_kept(layer, fake_queue, monkeypatch):
    monkeypatch.setattr(photo_commands, "ALBUM_OFFERS_KEPT", 2)
    albums = [[make_photo(seed=10 * a + i) for i in range(2)] for a in range(3)]
    offers = [await say(layer, "", images=photos, user=f"tg:{a + 1}") for a, photos in enumerate(albums)]
    tap = await say(layer, gogh_of(offers[0]), user="tg:1")        # the oldest: forgotten
    assert [job.image for job in fake_queue.jobs] == albums[0][:1]
    assert t("en", "album_others_gone") in tap.texts
    await say(layer, gogh_of(offers[2]), user="tg:3")              # the newest: whole
    assert [job.image for job in fake_queue.jobs[1:]] == albums[2]


async def test_an_album_expires_with_its_photos(layer, store):
    await say(layer, "", images=[make_photo(seed=1), make_photo(seed=2)])
    assert len(store.export_user("tg:1")["albums_offered"]) == 1
    store.forget_photos_before(time.time() - 86400)               # a day old at most: kept
    assert len(store.export_user("tg:1")["albums_offered"]) == 1
    store.forget_photos_before(time.time() + 1)                    # PHOTO_KEEP_DAYS past
    assert store.export_user("tg:1")["albums_offered"] == []
    assert store.db.execute("select count(*) from album_offers").fetchone()[0] == 0


async def test_forgetme_deletes_the_albums_of_its_user_only(layer, store):
    mine = [make_photo(seed=1), make_photo(seed=2)]
    await say(layer, "", images=mine, user="tg:1", **GROUP)
    await say(layer, "", images=[make_photo(seed=3), make_photo(seed=4)], user="tg:2", **GROUP)
    [row] = store.export_user("tg:1")["albums_offered"]            # /mydata lists it
    assert row["chat_id"] == "tg:-100" and len(row["photos"]) == 2
    await say(layer, "/forgetme yes", user="tg:1")
    assert store.export_user("tg:1")["albums_offered"] == []
    assert store.db.execute("select user_id from album_offers").fetchall() == [("tg:2",)]


async def test_an_album_follows_a_group_upgraded_to_a_supergroup(layer, store, fake_queue):
    photos = [make_photo(seed=i) for i in range(2)]
    out = await say(layer, "", images=photos, user="tg:1", **GROUP)
    store.move_chat("tg:-100", "tg:-1009")
    await say(layer, gogh_of(out), user="tg:1", chat="tg:-1009", community="tg:-1009", mentioned=True)
    assert [job.image for job in fake_queue.jobs] == photos
