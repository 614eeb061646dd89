"""How long a running painting has left, as its progress line says it ("painting… 52% (about
40 s left)"): the queue's status carries only its percent, and the time that "starting… (about
2 min)" promised vanished once a 50-90 s /hq painting began.

The time left comes from the job's own pace since it first said some progress: elapsed × (100 − p)
/ p, p the progress made since then (a job resumed after a restart is first seen part-done; a
fresh worker says 0% for as long as its model loads). It
is smoothed, never said going up, said in steps people use (5 s under a minute, 15 s up to three
minutes, whole minutes above), and not said for a painting of a few seconds (the line would
flicker one more text) nor in its last few seconds.
"""
from __future__ import annotations

import math

MIN_PROGRESS = 0.05       # progress made before its pace says anything (the first percent is warm-up)
LONG_PAINTING_S = 15.0    # a painting expected to take less than this says no time left: it is done soon
MIN_LEFT_S = 5.0          # under this left the line says no time ("about 0 s left" was no news)
SMOOTHING = 0.3           # how far each status moves the expected end towards its own estimate


def rounded_left(seconds: float) -> float:
    """``seconds`` in the steps a person says a time in: 5 s under a minute, 15 s under three
    minutes, whole minutes above (the line changes at most that often as the seconds tick)."""
    step = 5.0 if seconds < 60 else 15.0 if seconds < 180 else 60.0
    return max(step, math.floor(seconds / step + 0.5) * step)


class TimeLeft:
    """Follows one job's statuses (``saw``) on the layer's clock; says how long its painting has
    left, rounded, or None where that is not to be said."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._begun: tuple[float, float] | None = None   # (clock, progress) at its first running status
        self._end: float | None = None                    # the smoothed expected end, on the clock
        self._said: float | None = None                   # the last time left said (it only goes down)
        self._over = False                                # its last seconds: said no more
        self._last = 0.0                                  # the progress last heard of

    def saw(self, st, now: float) -> float | None:
        """Notes the status ``st`` at ``now``; the seconds left to say, or None. Anything but a
        painting heard of (waiting, started over, its engine out of reach) starts the pace anew;
        so does progress going back while running (a painting started over, its waiting unheard of)."""
        progress = st.progress or 0.0
        if st.state != "running" or getattr(st, "waiting_for", None) is not None or not math.isfinite(progress):
            self._reset()
            return None
        if progress < self._last:
            # (another worker took it over, or an idle one took it between the queue's polls: the
            # first run's pace and its last seconds said "about 10 s left" all through the second)
            self._reset()
        self._last = progress
        if self._begun is None:
            if progress > 0:     # (not before: a fresh worker's model loading is no painting pace)
                self._begun = (now, progress)
            return None
        since, first = self._begun
        made, elapsed = progress - first, now - since
        if self._over or made < MIN_PROGRESS or elapsed <= 0:
            return None
        left = elapsed * (1.0 - min(progress, 1.0)) / made
        if elapsed + left < LONG_PAINTING_S and self._said is None:
            return None
        end = now + left
        self._end = end if self._end is None else self._end + SMOOTHING * (end - self._end)
        left = self._end - now
        if left < MIN_LEFT_S:
            self._over = True            # (not back and forth between "about 5 s left" and none)
            return None
        said = rounded_left(left)
        self._said = said if self._said is None else min(self._said, said)
        return self._said
