"""The one refusal a burst of photos gets, kept up to date with how many photos it turned away.

A user's limits (their rate of paintings, their paintings at once) are told once a burst
(CommandLayer._said_already, QUIET_KEYS): 30 photos captioned "/style gogh" in 10 s got 8
paintings, one "Slow down…", and ~20 photos no word at all, so the user could not tell which to
send again. The burst still gets one message, edited as more photos are refused: "Slow down… 12
photos were not taken: send them again then." (no flood of replies, and the edits are spaced as a
progress line's: bot/progress.ProgressLine).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable

from . import layer_timing
from .bounded import Newest
from .chat import Button, Reply, Responder
from .progress import ProgressLine

# the limits that refuse a photo's painting whatever the photo is: the ones counted
PHOTO_LIMIT_KEYS = ("rate_limited", "too_many_pending")
LINES_KEPT = 10_000         # bursts remembered at once (a hint, not a record)


@dataclass
class RefusalLine:
    key: str                # the limit it tells
    at: float               # when it was sent (the caller's clock)
    photos: int             # the photos it turned away so far
    line: ProgressLine      # its edits


class RefusedPhotos:
    """The refusal sent to each (user, chat, kind of request) slot in the current burst, by slot."""

    def __init__(self, window_s: float, clock: Callable[[], float] = time.monotonic):
        self.window_s, self.clock = window_s, clock
        self._lines: Newest = Newest(LINES_KEPT)

    def sent(self, slot: tuple, key: str, photos: int, out: Responder, handle: Any, text: str,
             buttons: list[list[Button]] | None = None) -> None:
        """The burst's refusal of limit ``key`` (PHOTO_LIMIT_KEYS) went out (``handle``: its
        message, for ``out.edit``), for a request carrying ``photos`` (0: text, "/style gogh" at
        the limit: the photos refused after it are counted all the same)."""
        if handle is None:
            self._lines.pop(slot, None)         # (an older burst's line is not this one's)
            return
        kept = list(buttons or [])

        async def edit(new_text: str) -> None:
            await out.edit(handle, Reply(new_text, buttons=kept, private=True))
        self._lines[slot] = RefusalLine(key, self.clock(), photos,
                                        ProgressLine(edit, layer_timing.EDIT_INTERVAL_S, text))

    async def refused_again(self, slot: tuple, key: str, photos: int, text_of: Callable[[int], str]) -> bool:
        """A request of the burst refused unsaid, carrying ``photos``: the burst's refusal edited
        to ``text_of(photos turned away so far)``. False where there is no such line to edit."""
        refusal = self._lines.get(slot)
        if refusal is None or refusal.key != key or self.clock() - refusal.at >= self.window_s:
            return False
        if photos:
            refusal.photos += photos
            await refusal.line.show(text_of(refusal.photos))
        return True

    def forget(self, user_id: str) -> None:
        """/forgetme: the user's lines go (slots begin with the user's id)."""
        for slot in [slot for slot in self._lines if slot[0] == user_id]:
            del self._lines[slot]
