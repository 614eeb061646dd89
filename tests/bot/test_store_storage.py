"""The store's files and storage problems: /forgetme leaves nothing of the user in bot.sqlite3's
files (its WAL included)."""
from __future__ import annotations

import os

from bot.store import Store


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
