"""What the autocompletes read from the store (a community's styles, the user's language), kept a
few seconds. Discord asks at every key press, and each answer read the store on the event loop:
~10 ms for 1000 community styles, again at the next letter. A read is kept until the store
changes, seen by SQLite's data_version (any commit: a style added, removed or moved, a /lang,
through this front-end, another, or another process), and never longer than KEPT_S: a store
whose version cannot be read is read again after KEPT_S only. The version is read without
waiting: a store busy (a writer holds its lock) is taken for changed, read fresh, and that read
not kept (SQLite's default wait, 5 s, held the event loop, every chat with it). A read that could
not say (the user's settings unread: a language guessed) is not kept either (NotKept).
"""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any, Callable, Hashable

from .bounded import Newest

KEPT_S = 5.0           # the longest a read is kept: a name typed is a few key presses in a few seconds
READS_KEPT = 2000      # (scope or user, ...) keys kept, the newest
BUSY = object()        # StoreVersion's answer for a store a writer holds locked: changed, for all it knows


class NotKept:
    """What a read returns for ``value`` to be used now and not kept (a fallback where the store
    failed: kept, it stood for KEPT_S after the store was back)."""

    def __init__(self, value: Any):
        self.value = value


class StoreVersion:
    """The store's data_version (SQLite: it changes once another connection commits), read on a
    connection of its own, opened at the first call: about 2 µs a read. None where the store has
    no file or it cannot be read (the caller keeps its reads for KEPT_S only then); BUSY, at
    once, where a writer holds it locked (it is read on the event loop: no wait)."""

    def __init__(self, path: Path | str | None):
        self.path = path
        self._conn: sqlite3.Connection | None = None

    def __call__(self) -> int | None:
        if self.path is None:
            return None
        try:
            if self._conn is None:
                # (mode=rw: never a new empty file where the store's is not)
                self._conn = sqlite3.connect(f"{Path(self.path).resolve().as_uri()}?mode=rw", uri=True,
                                             check_same_thread=False, isolation_level=None, timeout=0)
            return self._conn.execute("pragma data_version").fetchone()[0]
        except sqlite3.OperationalError as exc:
            if getattr(exc, "sqlite_errorcode", 0) & 0xff in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                return BUSY
            return None
        except (sqlite3.Error, OSError, TypeError, ValueError):     # (TypeError: a stand-in store's path)
            return None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class KeptReads:
    """``get(key, read)``: ``read()``'s value, kept while the store's ``version()`` is the same and
    for ``kept_s`` at most (``clock``'s seconds). A read that raises is not kept, nor one made
    while the store is BUSY, nor a NotKept one."""

    def __init__(self, version: Callable[[], int | None], clock: Callable[[], float] = time.monotonic,
                 kept_s: float = KEPT_S, most: int = READS_KEPT):
        self.version, self.clock, self.kept_s = version, clock, kept_s
        self._kept: Newest = Newest(most)     # key -> (when read, the store's version then, the value)

    def get(self, key: Hashable, read: Callable[[], Any]) -> Any:
        now, version = self.clock(), self.version()      # (the version before the read: a commit
        kept = self._kept.get(key)                       # during it makes the next get read again)
        if kept is not None and now - kept[0] < self.kept_s and kept[1] == version:
            return kept[2]
        value = read()
        if isinstance(value, NotKept):
            return value.value
        if version is not BUSY:         # (what was kept before stays: the version says when it is stale)
            self._kept[key] = (now, version, value)
        return value

    def clear(self) -> None:
        self._kept.clear()
