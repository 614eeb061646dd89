"""When each request reached the command layer, so that a painting's "✅ done in N s" counts the
wait its user had, not only the queue's part of it. A painting's line counted from its job's
submission: a request held ~11 s before that (checked, kept, waiting for the user's earlier
messages) was told "done in under a second" after 11.8 s. Keyed by the request's number
(Request.seq), taken as it arrives (RequestOrder.arrive: before a front-end downloads its photos)."""
from __future__ import annotations

import math
import time
from datetime import datetime, timezone
from typing import Callable

from .bounded import Newest

# requests remembered at most (each is forgotten when it is over: left; a bound all the same)
ARRIVALS_KEPT = 10_000
# the most of a front-end's told wait counted (the web page's own bound, webchat/held_wait.py):
# its number is a claim, and one in milliseconds by mistake said "done in 277777 h 47 min"
WAITED_BEFORE_MOST_S = 600.0
# the oldest a message's own date (held_before: a platform's server's, no claim) counts from:
# Telegram holds a message at most 24 h while the bot is down; a date older than this is a clock
# far off (the bot's), no hold, and counts nothing, as one ahead of the clock does. Within it the
# whole wait counts: capped at WAITED_BEFORE_MOST_S, a message held 5 h said "done in 10 min"
HELD_MOST_S = 7 * 24 * 3600.0
# a wait told by a message's own date (Telegram's, in whole seconds, on Telegram's clock) shorter
# than this is none: the date's rounding and the two clocks' drift, not a message held back
HELD_FROM_S = 5.0


def wait_taken(waited_before) -> float:
    """The seconds of a front-end's told wait counted: 0 for no number (a string, None, true/false,
    NaN, inf) or none (<= 0), at most WAITED_BEFORE_MOST_S. Never raises: arrive() runs in a
    front-end's handler, before handle, and a TypeError there lost the message unanswered."""
    if isinstance(waited_before, bool) or not isinstance(waited_before, (int, float)) \
            or not math.isfinite(waited_before) or waited_before <= 0:
        return 0.0
    return min(float(waited_before), WAITED_BEFORE_MOST_S)


def held_before(sent, now: datetime | None = None) -> float:
    """The seconds a message waited before it reached the bot, from the date its platform says it
    was sent (``sent``: Telegram holds messages while the bot is down and hands them over as it
    starts): 0 for no date, one in the future or just past (HELD_FROM_S: the clocks differ a
    little), or one past HELD_MOST_S (a clock far off). A date without a zone is UTC, as Telegram's."""
    if not isinstance(sent, datetime):
        return 0.0
    if sent.tzinfo is None:
        sent = sent.replace(tzinfo=timezone.utc)
    waited = ((now or datetime.now(timezone.utc)) - sent).total_seconds()
    return waited if HELD_FROM_S <= waited <= HELD_MOST_S else 0.0


class ArrivalTimes:
    """Request number -> when it arrived (``clock``: time.monotonic). The first painting of a
    request claims it; an album's later photos, painted in turn, count from their own turn (each
    would otherwise say the paintings before it too)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, most: int = ARRIVALS_KEPT):
        self.clock = clock
        self._times: Newest = Newest(most, refresh=False)

    def note(self, seq: int, waited_before: float = 0.0, sent=None) -> None:
        """Request ``seq`` arrived now, after ``waited_before`` seconds its front-end knows it
        waited before that (a page holding a message while the bot was down), as wait_taken takes it,
        or since ``sent``, the date its platform gave it (Telegram's), as held_before reads it."""
        self._times[seq] = self.clock() - max(wait_taken(waited_before), held_before(sent))

    def claim(self, seq: int | None) -> float | None:
        """When request ``seq`` arrived, once (None after that, or for one never noted)."""
        return None if seq is None else self._times.pop(seq, None)

    def forget(self, seq: int) -> None:
        self._times.pop(seq, None)

    def waited_since(self, seq: int | None, start: float) -> float:
        """Where its user's wait began for a painting whose job the layer began at ``start`` (same
        clock): when its request arrived, if this is the request's first painting; else ``start``."""
        arrived = self.claim(seq)
        return start if arrived is None else min(arrived, start)
