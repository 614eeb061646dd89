"""The one refusal a burst of photos gets, edited once the burst is over to say how many photos it
turned away.

A user's limits (their rate of paintings, their paintings at once) are told once a burst
(CommandLayer._said_already, QUIET_KEYS): 30 photos captioned "/style gogh" in 10 s got 8
paintings, one "Slow down…", and ~20 photos no word at all, so the user could not tell which to
send again. The burst still gets one message, and it is edited once, when no photo has been
refused for SETTLED_S: "Slow down… 12 photos were not taken: send them again then." An edit a
second while the flood came (as a progress line) was up to ten more edits in a chat whose
paintings' progress lines compete for the same ~1 message a second Telegram allows.
"""
from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable

from .bounded import Newest
from .chat import Button, Reply, Responder

log = logging.getLogger(__name__)

# the limits that refuse a photo's painting whatever the photo is: the ones counted
PHOTO_LIMIT_KEYS = ("rate_limited", "too_many_pending")
LINES_KEPT = 10_000         # bursts remembered at once (a hint, not a record)
SETTLED_S = 2.0             # no photo refused for this long: the burst is over, its refusal edited


@dataclass
class RefusalLine:
    key: str                # the limit it tells
    at: float               # when it was sent (the caller's clock)
    photos: int             # the photos it turned away so far
    edit: Callable[[str], Awaitable[object]]    # its message edited to a text
    text: str | None = None                     # the text to edit in once the burst settles
    due: float = 0.0                            # when that is (the loop's clock)
    editing: asyncio.Task | None = field(default=None, repr=False)


class RefusedPhotos:
    """The refusal sent to each (user, chat, kind of request) slot in the current burst, by slot."""

    def __init__(self, window_s: float, clock: Callable[[], float] = time.monotonic, settled_s: float = SETTLED_S):
        self.window_s, self.clock, self.settled_s = window_s, clock, settled_s
        self._lines: Newest = Newest(LINES_KEPT)

    def sent(self, slot: tuple, key: str, photos: int, out: Responder, handle: Any, text: str,
             buttons: list[list[Button]] | None = None) -> None:
        """The burst's refusal of limit ``key`` (PHOTO_LIMIT_KEYS) went out (``handle``: its
        message, for ``out.edit``), for a request carrying ``photos`` (0: text, "/style gogh" at
        the limit: the photos refused after it are counted all the same)."""
        self._forget_ended()
        if handle is None:
            self._lines.pop(slot, None)         # (an older burst's line is not this one's)
            return
        kept = list(buttons or [])

        async def edit(new_text: str) -> None:
            await out.edit(handle, Reply(new_text, buttons=kept, private=True))
        self._lines[slot] = RefusalLine(key, self.clock(), photos, edit)

    async def refused_again(self, slot: tuple, key: str, photos: int, text_of: Callable[[int], str]) -> bool:
        """A request of the burst refused unsaid, carrying ``photos``: the burst's refusal is to
        say ``text_of(photos turned away so far)`` once no more come. False where there is no
        such line to edit."""
        refusal = self._lines.get(slot)
        if refusal is None or refusal.key != key or self.clock() - refusal.at >= self.window_s:
            return False
        if photos:
            refusal.photos += photos
            refusal.text = text_of(refusal.photos)
            loop = asyncio.get_running_loop()
            refusal.due = loop.time() + self.settled_s
            if refusal.editing is None:
                refusal.editing = loop.create_task(self._edit_when_settled(refusal))
        return True

    @staticmethod
    async def _edit_when_settled(refusal: RefusalLine) -> None:
        """One edit once the burst's photos stop coming (another only where more come after it)."""
        loop = asyncio.get_running_loop()
        try:
            while refusal.text is not None:
                wait = refusal.due - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                    continue
                text, refusal.text = refusal.text, None
                try:
                    await refusal.edit(text)
                except Exception as failed:     # (the chat gone, the message deleted: the count is a courtesy)
                    log.info("a refusal's count could not be edited in (%s)", type(failed).__name__)
        finally:
            refusal.editing = None

    def _forget_ended(self) -> None:
        """Lines past their burst, their edit done, go: the oldest first (held up to LINES_KEPT,
        each kept a responder for its edits long after)."""
        now = self.clock()
        for slot, refusal in list(self._lines.items()):
            if now - refusal.at < self.window_s:
                break
            if refusal.editing is None:
                del self._lines[slot]

    def forget(self, user_id: str) -> None:
        """/forgetme: the user's lines go (slots begin with the user's id), an edit still to come too."""
        for slot in [slot for slot in self._lines if slot[0] == user_id]:
            refusal = self._lines.pop(slot)
            refusal.text = None
            if refusal.editing is not None:
                refusal.editing.cancel()
