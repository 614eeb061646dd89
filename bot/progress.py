"""A job's status line, edited as the job goes ("waiting, 2nd in line", "painting… 40%"), no more
often than the platforms allow: a live job's line (CommandLayer.run_job) and the line a job
resumed after a restart left behind (CommandLayer.resume).

Platform-neutral: ``edit`` is whatever edits the line (a Responder's edit, a front-end's
edit_line); a failed edit is logged, never raised (the painting matters, not its progress).
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from typing import Awaitable, Callable

log = logging.getLogger(__name__)

GIVE_UP_AFTER = 3          # a resumed job's edits failed in a row: its old line is gone (deleted, not editable)


class ProgressLine:
    """Shows a text on the line: an unchanged text is not sent again, and a new one only
    ``interval`` seconds after the last edit (or the line's sending, ``text`` given). A text that
    comes sooner is sent when the interval is up, unless a newer one replaces it first: the last
    status before a pause ("the bot is restarting", "waiting for another painter") must not be
    lost to the limit. Without ``text`` (what the line shows is not known: it was sent before a
    restart) the first edit goes at once. ``give_up_after``: edits failed in a row after which it
    tries no more. ``close()`` before the line gets its final text, so no late edit overwrites it."""

    def __init__(self, edit: Callable[[str], Awaitable[object]], interval: float, text: str | None = None,
                 give_up_after: int | None = None, clock: Callable[[], float] = time.monotonic):
        self._edit, self.interval, self.clock = edit, interval, clock
        self.text = text
        self.at = clock() if text is not None else -math.inf
        self.give_up_after = give_up_after
        self.failed = 0
        self.waiting: str | None = None          # a text held back by the limit
        self._later: asyncio.Task | None = None
        self._sending = asyncio.Lock()           # one edit at a time: the later one lands last
        self.closed = False

    async def show(self, text: str, at_once: bool = False) -> None:
        """``at_once``: past the limit (one edit more is better than a line that says the wrong
        thing for good: the bot is stopping and a later edit would not go out)."""
        if self.closed or self._gave_up():
            return
        wait = self.at + self.interval - self.clock()
        if text == self.text:
            self.waiting = None                  # back to what the line shows: nothing to send later
            return
        if wait > 0 and not at_once:             # platforms limit edits: send it when the time is up
            self.waiting = text
            if self._later is None or self._later.done():
                self._later = asyncio.create_task(self._send_later(wait))
            return
        self.waiting = None
        await self._send(text)

    async def close(self) -> None:
        """No more edits: a held-back text is dropped (the caller sends the final one)."""
        self.closed = True
        self.waiting = None
        later, self._later = self._later, None
        if later is not None and not later.done():
            later.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await later

    async def _send_later(self, wait: float) -> None:
        await asyncio.sleep(wait)
        while not self.closed and self.waiting is not None:
            wait = self.at + self.interval - self.clock()
            if wait > 0:                         # an edit went out meanwhile
                await asyncio.sleep(wait)
                continue
            text, self.waiting = self.waiting, None
            if text != self.text and not self._gave_up():
                await self._send(text)

    def _gave_up(self) -> bool:
        return self.give_up_after is not None and self.failed >= self.give_up_after

    async def _send(self, text: str) -> None:
        self.text, self.at = text, self.clock()
        async with self._sending:
            try:
                await self._edit(text)
                self.failed = 0
            except Exception:
                self.failed += 1
                log.debug("progress edit failed", exc_info=True)
