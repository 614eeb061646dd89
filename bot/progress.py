"""A job's status line, edited as the job goes ("waiting, 2nd in line", "painting… 40%"), no more
often than the platforms allow: a live job's line (CommandLayer.run_job) and the line a job
resumed after a restart left behind (CommandLayer.resume).

Platform-neutral: ``edit`` is whatever edits the line (a Responder's edit, a front-end's
edit_line); a failed edit is logged, never raised (the painting matters, not its progress).
"""
from __future__ import annotations

import logging
import math
import time
from typing import Awaitable, Callable

log = logging.getLogger(__name__)

GIVE_UP_AFTER = 3          # a resumed job's edits failed in a row: its old line is gone (deleted, not editable)


class ProgressLine:
    """Shows a text on the line: an unchanged text is not sent again, and a new one only
    ``interval`` seconds after the last edit (or the line's sending, ``text`` given). Without
    ``text`` (what the line shows is not known: it was sent before a restart) the first edit
    goes at once. ``give_up_after``: edits failed in a row after which it tries no more."""

    def __init__(self, edit: Callable[[str], Awaitable[object]], interval: float, text: str | None = None,
                 give_up_after: int | None = None, clock: Callable[[], float] = time.monotonic):
        self._edit, self.interval, self.clock = edit, interval, clock
        self.text = text
        self.at = clock() if text is not None else -math.inf
        self.give_up_after = give_up_after
        self.failed = 0

    async def show(self, text: str) -> None:
        now = self.clock()
        if self.give_up_after is not None and self.failed >= self.give_up_after:
            return
        if text == self.text or now - self.at < self.interval:
            return                       # platforms limit edits; the job's outcome is always sent
        self.text, self.at = text, now
        try:
            await self._edit(text)
            self.failed = 0
        except Exception:
            self.failed += 1
            log.debug("progress edit failed", exc_info=True)
