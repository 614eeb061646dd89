"""What the autocompletes read from the store (a community's styles, the user's language), kept a
few seconds. Discord asks at every key press, and each answer read the store on the event loop:
~10 ms for 1000 community styles, again at the next letter. A read is kept while the store's
listing_version is the same (it goes up with a style added, removed, renamed or moved, and a
/lang or /forgetme: what these reads show; not with a painting's job-history row, which SQLite's
data_version, the signal before, changed at every painting, so a busy server's cache hardly
ever hit) and never longer than KEPT_S (an operator's sqlite3 shell edit is seen then). A read
that could not say (the user's settings unread: a language guessed) is not kept (NotKept).
"""
from __future__ import annotations

import time
from typing import Any, Callable, Hashable

from .bounded import Newest

KEPT_S = 5.0           # the longest a read is kept: a name typed is a few key presses in a few seconds
READS_KEPT = 2000      # (scope or user, ...) keys kept, the newest


class NotKept:
    """What a read returns for ``value`` to be used now and not kept (a fallback where the store
    failed: kept, it stood for KEPT_S after the store was back)."""

    def __init__(self, value: Any):
        self.value = value


def listing_version(store) -> Callable[[], int | None]:
    """The store's Store.listing_version, read at each call (in memory: no wait on the event loop);
    None for a store without one (a stand-in: reads kept KEPT_S only)."""
    return lambda: getattr(store, "listing_version", None)


class KeptReads:
    """``get(key, read)``: ``read()``'s value, kept while the store's ``version()`` is the same and
    for ``kept_s`` at most (``clock``'s seconds). A read that raises is not kept, nor a NotKept one."""

    def __init__(self, version: Callable[[], int | None], clock: Callable[[], float] = time.monotonic,
                 kept_s: float = KEPT_S, most: int = READS_KEPT):
        self.version, self.clock, self.kept_s = version, clock, kept_s
        self._kept: Newest = Newest(most)     # key -> (when read, the store's version then, the value)

    def get(self, key: Hashable, read: Callable[[], Any]) -> Any:
        now, version = self.clock(), self.version()      # (the version before the read: a write
        kept = self._kept.get(key)                       # during it makes the next get read again)
        if kept is not None and now - kept[0] < self.kept_s and kept[1] == version:
            return kept[2]
        value = read()
        if isinstance(value, NotKept):
            return value.value
        self._kept[key] = (now, version, value)
        return value

    def clear(self) -> None:
        self._kept.clear()
