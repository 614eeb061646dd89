"""The store's files and storage problems: /forgetme leaves nothing of the user in bot.sqlite3's
files (its WAL included); a locked database, a full disk or a read-only one is a StorageError
(a "try again in a minute" for the user), soon, while a bug in a query stays what it is."""
from __future__ import annotations

import asyncio
import errno
import os
import sqlite3
import time
from pathlib import Path

import pytest

from bot.messages import t
from bot.store import BUSY_TIMEOUT, StorageError, Store

from tests.loop_ticks import LoopTicks
from tests.bot.test_commands import say


def files_with(folder, needle: bytes) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file() and needle in p.read_bytes())


def test_forget_user_leaves_no_bytes_of_theirs_in_the_database_files(tmp_path):
    store = Store(tmp_path / "data")
    user = "tg:" + os.urandom(8).hex()
    store.touch_user(user, "tg")
    store.set_prefs(user, "tg", default_style="gogh-" + user)
    store.record_job(id="j1", user_id=user, chat_id=user, platform="tg", command="style",
                     styles=[["gogh", 1.0]], created=1.0, seconds=1.0, ok=True)
    store.keep_message_ref(user, 1001, "j1", user)                           # the painting's message, in their chat
    store.touch_user("tg:7", "tg")
    db_files = tmp_path / "data"
    assert "bot.sqlite3-wal" in files_with(db_files, user.encode())          # before: in the WAL

    store.forget_user(user)
    assert files_with(db_files, user.encode()) == []
    assert store.prefs("tg:7") is not None and store.jobs_of(user) == []
    store.touch_user("tg:8", "tg")                                            # still writable
    store.close()


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "data")
    yield s
    s.close()


def test_a_database_locked_by_another_process_is_a_storage_error_within_seconds(store):
    """The command that writes waits for the lock that long, then says "try again" (it was 10 s)."""
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        start = time.monotonic()
        with pytest.raises(StorageError) as caught:
            store.set_prefs("tg:1", "tg", lang="en")
        assert time.monotonic() - start < 4
    finally:
        other.rollback()
        other.close()
    err = caught.value
    assert isinstance(err, sqlite3.OperationalError) and isinstance(err, OSError)   # old handlers still catch it
    assert err.problem == "database is locked" and err.path == str(store.path)
    assert str(err) == f"{store.path}: database is locked"
    store.set_prefs("tg:1", "tg", lang="en")                  # the lock gone, it works again
    assert store.prefs("tg:1").lang == "en"


async def test_a_locked_database_holds_up_the_command_not_the_event_loop(layer, store):
    """While another process holds bot.sqlite3's write lock (an operator's shell in a transaction),
    a command waits for it on the store's thread: the event loop, and every other chat, goes on
    (a ticker keeps ticking). The writes used to run on the loop, which stood still meanwhile."""
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        async with LoopTicks() as ticks:
            await asyncio.sleep(0.05)
            ticks.reset()
            start = time.monotonic()
            out = await say(layer, "/strength 0.6")
            waited = time.monotonic() - start
    finally:
        other.rollback()
        other.close()
    assert out.texts == [t("en", "storage_problem")]
    assert waited >= BUSY_TIMEOUT * 0.9                       # it did wait for the lock...
    assert ticks.ran_on_for(waited), (ticks.count, waited)    # ...and the loop ran on
    assert (await say(layer, "/strength 0.6")).texts == [t("en", "strength_done_percent", percent="60%")]   # the lock gone


def test_a_full_database_is_a_storage_error(store):
    store.touch_user("tg:1", "tg")
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")        # as if the disk were full
    with pytest.raises(StorageError) as caught:
        store.record_job(id="j1", user_id="tg:1", chat_id="tg:1", platform="tg", command="style",
                         styles=[["x" * 200_000, 1.0]], created=1.0, seconds=1.0, ok=True)
    assert caught.value.problem == "database or disk is full"
    assert store.jobs_of("tg:1") == []                          # rolled back, nothing half-written


def test_a_photo_on_a_full_disk_is_a_storage_error(store, monkeypatch):
    def full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(StorageError) as caught:
        store.save_photo("tg:1", b"photo", chat_id="tg:1")
    assert caught.value.problem == "No space left on device" and "photos" in caught.value.path


def test_a_read_only_database_is_a_storage_error(tmp_path, monkeypatch):
    Store(tmp_path / "data").close()
    connect = sqlite3.connect

    def read_only(path, **kw):                   # root ignores file modes: open it read-only instead
        return connect(f"file:{path}?mode=ro", uri=True, **kw)

    monkeypatch.setattr(sqlite3, "connect", read_only)
    store = Store(tmp_path / "data")
    try:
        with pytest.raises(StorageError) as caught:
            store.touch_user("tg:1", "tg")
        assert caught.value.problem == "attempt to write a readonly database"
    finally:
        store.close()


def test_a_bug_in_a_query_is_not_a_storage_problem(store):
    store.db.execute("DROP TABLE users")
    with pytest.raises(sqlite3.OperationalError, match="no such table") as caught:
        store.touch_user("tg:1", "tg")
    assert not isinstance(caught.value, StorageError)


def test_a_data_dir_that_is_a_file_is_a_storage_error(tmp_path):
    (tmp_path / "data").write_text("")
    with pytest.raises(StorageError, match="a file is there, not a folder"):
        Store(tmp_path / "data")


def test_sqlite_is_built_serialized_so_one_reader_may_serve_two_threads():
    # the store's lookup connection is used from the event loop and from the writer's thread
    assert sqlite3.threadsafety == 3
