"""The store's files and storage problems: /forgetme leaves nothing of the user in bot.sqlite3's
files (its WAL included); a locked database, a full disk or a read-only one is a StorageError
(a "try again in a minute" for the user), soon, while a bug in a query stays what it is."""
from __future__ import annotations

import errno
import os
import sqlite3
import time
from pathlib import Path

import pytest

from bot.store import StorageError, Store


def files_with(folder, needle: bytes) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file() and needle in p.read_bytes())


def test_forget_user_leaves_no_bytes_of_theirs_in_the_database_files(tmp_path):
    store = Store(tmp_path / "data")
    user = "tg:" + os.urandom(8).hex()
    store.touch_user(user, "tg")
    store.set_prefs(user, "tg", default_style="gogh-" + user)
    store.record_job(id="j1", user_id=user, chat_id=user, platform="tg", command="style",
                     styles=[["gogh", 1.0]], created=1.0, seconds=1.0, ok=True)
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
    """Writes run on the bot's event loop: the busy timeout was 10 s of every chat frozen."""
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
