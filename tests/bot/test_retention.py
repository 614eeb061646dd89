"""PHOTO_KEEP_DAYS: photos last sent longer ago than that are deleted, rows and files, at start
and every hour; a photo sent again since (in another chat too) stays. JOB_HISTORY_DAYS: the job
history's older rows likewise."""
from __future__ import annotations

import asyncio
import logging
import os
import socket
import time

import pytest

from bot.commands import CommandLayer
from bot.retention import forget_old_data
from bot.store import SEEN_MESSAGE_KEEP_S, Store, photo_hash

from tests.bot.conftest import make_photo
from tests.bot import test_resume
from tests.bot.test_commands import say
from tests.bot.test_resume import run_until

queue_env = test_resume.queue_env          # the fixture: the process queue with the fake engine

DAY = 86400


def age(store: Store, user_id: str, chat_id: str, digest: str, days: float) -> None:
    with store._writing():
        store.db["photos"].update((user_id, chat_id, digest), {"at": time.time() - days * DAY})


def test_photos_last_sent_before_the_cutoff_go_with_their_files(store):
    old, recent, both = make_photo(40, 30), make_photo(50, 30), make_photo(60, 30)
    h_old = store.save_photo("tg:1", old, "tg:1")
    h_recent = store.save_photo("tg:1", recent, "tg:1")
    h_both = store.save_photo("tg:1", both, "tg:1")
    store.save_photo("tg:1", both, "tg:-100")                     # sent again in a group since
    h_style = store.save_photo("tg:2", old, "tg:2", kind="style")   # a painting used as a style
    legacy = store.data_dir / "photos" / "tg_3.img"                  # one file per user, before migration 003
    legacy.write_bytes(old)
    for chat, digest in (("tg:1", h_old), ("tg:1", h_both)):
        age(store, "tg:1", chat, digest, 40)
    age(store, "tg:2", "tg:2", h_style, 40)
    os.utime(legacy, (time.time() - 40 * DAY,) * 2)

    assert store.forget_photos_before(time.time() - 30 * DAY) == 3
    assert store.photo_of("tg:1", h_old) is None and not store._photo_file("tg:1", h_old).exists()
    assert store.photo_of("tg:1", h_recent).data == recent
    assert store.photo_of("tg:1", h_both) is None                   # not in the chat it was old in ...
    assert store.photo_of("tg:-100", h_both).data == both           # ... but where it was sent since
    assert store.last_photo("tg:1", "tg:1").hash == h_recent
    assert not store._photo_file("tg:2", h_style).parent.exists()   # the user's emptied folder too
    assert not legacy.exists()
    assert store.forget_photos_before(time.time() - 30 * DAY) == 0  # nothing more
    assert h_recent == photo_hash(recent)


async def test_the_loop_deletes_at_once_and_says_so(store, caplog):
    digest = store.save_photo("web:a", make_photo(40, 30), "web:a")
    age(store, "web:a", "web:a", digest, 8)
    with caplog.at_level(logging.INFO, "bot.retention"):
        task = asyncio.create_task(forget_old_data(store, photo_days=7, job_days=0, every=3600))
        try:
            for _ in range(200):          # (the line comes after the file went, on the loop)
                if "PHOTO_KEEP_DAYS" in caplog.text:
                    break
                await asyncio.sleep(0.02)
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
    assert not store._photo_file("web:a", digest).exists()
    assert "deleted 1 photo(s) last sent more than 7 day(s) ago (PHOTO_KEEP_DAYS)" in caplog.text


@pytest.mark.slow
async def test_the_bot_deletes_old_photos_when_it_starts_and_keeps_them_with_zero(settings, queue_env):
    store = Store(settings.DATA_DIR)
    digest = store.save_photo("web:a", make_photo(40, 30), "web:a")
    path = store._photo_file("web:a", digest)
    age(store, "web:a", "web:a", digest, 40)
    store.close()
    settings.WEB_HOST = "127.0.0.1"
    settings.WEB_PORT = _free_port()
    settings.PHOTO_KEEP_DAYS = 0                                     # off: kept
    await run_until(settings, lambda: _listening(settings.WEB_PORT))
    await asyncio.sleep(0.5)
    assert path.exists()
    settings.PHOTO_KEEP_DAYS = 30
    await run_until(settings, lambda: not path.exists())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("days, lang, said", [
    (30, "en", "I keep your last 20 photos for 30 days after you send them"),
    (1, "en", "I keep your last 20 photos for a day after you send them"),
    (0.5, "en", "for 0.5 days after you send them"),
    (0, "en", "I keep only your last 20 photos, and none after /forgetme"),
    (30, "ko", "최근 사진 20장을 보낸 뒤 30일 동안만 보관하고"),
])
async def test_a_button_on_a_photo_gone_says_how_long_photos_are_kept(settings, store, fake_queue, days, lang, said):
    settings.PHOTO_KEEP_DAYS = days
    layer = CommandLayer(settings, store, fake_queue)
    out = await say(layer, "/pick #" + "0" * 32, locale=lang)
    [text] = out.texts
    assert said in text, text


def test_jobs_older_than_the_cutoff_leave_the_history(store):
    now = time.time()
    for job_id, days in (("old", 400), ("recent", 10)):
        store.record_job(id=job_id, user_id="tg:1", chat_id="tg:1", platform="tg", command="/style gogh",
                         styles="[]", method="adain", alpha=1.0, max_side=512, created=now - days * DAY,
                         seconds=1.0, ok=1, error_key=None)
    assert store.forget_jobs_before(now - 365 * DAY) == 1
    assert [job["id"] for job in store.jobs_of("tg:1")] == ["recent"]
    assert store.usage(since=0)["jobs"] == 1


def test_a_file_that_cannot_be_deleted_keeps_its_rows_and_holds_up_no_other(store, caplog):
    """One photo file that cannot go (another owner, a read-only mount; here a folder in its place)
    stopped the round: the rows of every old photo were gone and the other files stayed for ever."""
    stuck, fine = make_photo(40, 30), make_photo(50, 30)
    h_stuck = store.save_photo("tg:1", stuck, "tg:1")
    h_fine = store.save_photo("tg:2", fine, "tg:2")
    age(store, "tg:1", "tg:1", h_stuck, 40)
    age(store, "tg:2", "tg:2", h_fine, 40)
    blocked = store._photo_file("tg:1", h_stuck)
    blocked.unlink()
    blocked.mkdir()
    (blocked / "x").write_bytes(b"x")
    with caplog.at_level(logging.WARNING, "bot.store"):
        assert store.forget_photos_before(time.time() - 30 * DAY) == 1
    assert not store._photo_file("tg:2", h_fine).exists()
    assert "1 old photo file(s) could not be deleted" in caplog.text and str(blocked) in caplog.text
    assert store.db["photos"].count_where("user_id = ?", ["tg:1"]) == 1     # tried again next round
    (blocked / "x").unlink()
    blocked.rmdir()
    assert store.forget_photos_before(time.time() - 30 * DAY) == 0
    assert store.db["photos"].count_where("user_id = ?", ["tg:1"]) == 0


async def test_a_failed_round_is_said_and_the_next_one_comes(store, caplog, monkeypatch):
    rounds = []

    def flaky(cutoff):
        rounds.append(cutoff)
        if len(rounds) == 1:
            raise RuntimeError("a bug")
        return 0

    monkeypatch.setattr(store, "forget_photos_before", flaky)
    task = asyncio.create_task(forget_old_data(store, photo_days=30, job_days=0, every=0.01))
    try:
        for _ in range(300):
            if len(rounds) >= 2:
                break
            await asyncio.sleep(0.01)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert len(rounds) >= 2 and "deleting old photos and jobs failed" in caplog.text


async def test_the_seen_messages_line_names_what_the_table_holds(store, caplog):
    """seen_messages holds the web chat's photo ids (web:<user>:<id>) beside Discord's messages:
    the line said "Discord message(s)" of both."""
    caplog.set_level(logging.DEBUG, logger="bot.retention")
    for row, user in (("dc:1", "dc:7"), ("web:ann:q1", "web:ann")):
        store.keep_seen_message(row, user, None, True, keep_s=SEEN_MESSAGE_KEEP_S, most=2000)
    with store._writing():
        store.db.execute("update seen_messages set at = ?", [time.time() - SEEN_MESSAGE_KEEP_S - 5])
    task = asyncio.create_task(forget_old_data(store, photo_days=0, job_days=0, every=3600))
    try:
        for _ in range(1500):       # (its thread may wait seconds on a loaded machine: up to 30 s)
            if "forgot" in caplog.text:
                break
            await asyncio.sleep(0.02)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    [line] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("forgot")]
    assert line.startswith("forgot 2 message(s) acted on (Discord's, the web chat's photos)"), line
