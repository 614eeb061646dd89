"""A dict of at most ``most`` keys, the oldest dropped (the bot's bounded memories: messages
answered, progress lines, refusals told). Written here, not cachetools: its LRUCache makes a key
the newest when it is read too, its FIFOCache iterates in first-insertion order whatever it drops
first, and no place here is a TTLCache (a window like SaidLately's is checked on reading, with
the caller's clock; what is kept is bounded by count)."""
from __future__ import annotations

from collections import OrderedDict


class Newest(OrderedDict):
    """An OrderedDict that keeps its newest ``most`` keys: setting a key makes it the newest (with
    ``refresh=False`` a key set again keeps its place: the oldest is the first set), and past
    ``most`` the oldest go. Reading a key changes nothing."""

    def __init__(self, most: int, *, refresh: bool = True):
        super().__init__()
        self.most, self.refresh = most, refresh

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        if self.refresh:
            self.move_to_end(key)
        while len(self) > self.most:
            self.popitem(last=False)
