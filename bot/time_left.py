"""How long a running painting has left, as its progress line says it ("painting… 52% (about
40 s left)"): the queue's status carries only its percent, and the time that "starting… (about
2 min)" promised vanished once a 50-90 s /hq painting began.

The time left comes from the job's own pace: elapsed × (100 − p) / p, p the progress made in the
last RECENT_S seconds or so (since it first said some progress, early on: a job resumed after a
restart is first seen part-done; a fresh worker says 0% for as long as its model loads). Its pace
since the start said a painting that slowed had about as long left as before. It is smoothed, said in steps people use
(5 s under a minute, 15 s up to three minutes, whole minutes above), and not said for a painting
of a few seconds (the line would flicker one more text). Its last few seconds say "almost done"
(ALMOST_DONE): the line had dropped the time, and said nothing more while a slowed painting went on.

It goes up where the pace drops, only once the estimate is a whole step of its rounding above
what is said (no flicker between two steps), has stayed there RAISE_AFTER_S and the pace since the
status before is as slow (a short slowdown, over since, is no new time): it never went up, and a painting that slowed after its first estimate said
"about 5 s left" for a minute (and /status, which says the line's time).
"""
from __future__ import annotations

import math
from collections import deque
from dataclasses import replace

MIN_PROGRESS = 0.05       # progress made before its pace says anything (the first percent is warm-up)
LONG_PAINTING_S = 15.0    # a painting expected to take less than this says no time left: it is done soon
MIN_LEFT_S = 5.0          # under this left the line says no time ("about 0 s left" was no news)
SMOOTHING = 0.3           # how far each status moves the expected end towards its own estimate
RECENT_S = 20.0           # its pace is the one of about this long before (at least MIN_PROGRESS of it)
ALMOST_DONE = 0.0         # the time left said in its last seconds: "almost done" (running_almost_done)
# a time said goes up only once its estimate has been a whole step above it for this long: a
# slowdown of a few statuses raised it, "12% (about 2 min 30 s left)", "30% (about 2 min 45 s
# left)" on a loaded machine, and it came down again (a stall still raises it: rechecked every 15 s,
# status_recheck.RECHECK_S, so it goes up at every second recheck at most)
RAISE_AFTER_S = 15.0


def step_at(seconds: float) -> float:
    """The step a time left is said in: 5 s under a minute, 15 s under three minutes, a minute above."""
    return 5.0 if seconds < 60 else 15.0 if seconds < 180 else 60.0


def rounded_left(seconds: float) -> float:
    """``seconds`` in the steps a person says a time in (step_at: the line changes at most that
    often as the seconds tick)."""
    step = step_at(seconds)
    return max(step, math.floor(seconds / step + 0.5) * step)


def raised(said: float) -> float:
    """The estimate above which a time left said as ``said`` goes up: a whole step above it
    ("almost done" counts as MIN_LEFT_S), so an estimate between two steps does not flicker."""
    said = max(said, MIN_LEFT_S)
    return said + step_at(said)


class TimeLeft:
    """Follows one job's statuses (``saw``) on the layer's clock; says how long its painting has
    left, rounded (ALMOST_DONE in its last seconds), or None where that is not to be said."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._begun: tuple[float, float] | None = None   # (clock, progress) at its first running status
        self._marks: deque[tuple[float, float]] = deque()   # (clock, progress) of its statuses since, newest last
        self._end: float | None = None                    # the smoothed expected end, on the clock
        self._said: float | None = None                   # the last time left said (ALMOST_DONE at its end)
        self._last = 0.0                                  # the progress last heard of
        self._above_since: float | None = None            # since when its estimate is above raised(said)

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
                self._marks.append(self._begun)
            return None
        if self._marks and self._marks[-1] == (now, progress):
            # (the same status seen again with the clock unmoved: each call smooths once, so
            # re-reading it moved the estimate: 15 s, 10 s, 20 s for one status)
            return self._said
        self._marks.append((now, progress))
        if progress - self._begun[1] < MIN_PROGRESS:
            return self._said
        since, first = self._recent(now, progress)
        made, elapsed = progress - first, now - since
        if elapsed <= 0:
            return self._said
        left = elapsed * (1.0 - min(progress, 1.0)) / made
        if elapsed + left < LONG_PAINTING_S and self._said is None:
            return None
        end = now + left
        self._end = end if self._end is None else self._end + SMOOTHING * (end - self._end)
        left = self._end - now
        said = ALMOST_DONE if left < MIN_LEFT_S else rounded_left(left)
        # the pace since the status before, unsmoothed: a slow stretch stays in the pace counted
        # for RECENT_S after it is over, and one status 10 s late raised the time left 15 s on,
        # its statuses back at their old pace; a slowdown raises it only while it lasts
        before, was = self._marks[-2] if len(self._marks) > 1 else (now, progress)
        lately = (now - before) * (1.0 - min(progress, 1.0)) / (progress - was) if progress > was else math.inf
        if self._said is None:
            # (a painting first timed in its last seconds has nothing to say: no "almost done" either)
            self._said = None if said == ALMOST_DONE else said
        elif said < self._said:
            self._said, self._above_since = said, None
        elif left >= raised(self._said):
            # ("almost done" is timed again at once: its promise is over, and a stall is news)
            if self._said == ALMOST_DONE or (self._above_since is not None and lately >= raised(self._said)
                                             and now - self._above_since >= RAISE_AFTER_S):
                self._said, self._above_since = said, None
            elif self._above_since is None:
                self._above_since = now
        else:
            self._above_since = None
        return self._said

    def _recent(self, now: float, progress: float) -> tuple[float, float]:
        """Where its recent pace is counted from: the newest status at least RECENT_S old and
        MIN_PROGRESS behind ``progress`` (a stall counts, and a progress told in coarse steps);
        its first before there is one. Older ones are let go (the one taken only moves on)."""
        while len(self._marks) > 1 and now - self._marks[1][0] >= RECENT_S \
                and progress - self._marks[1][1] >= MIN_PROGRESS:
            self._marks.popleft()
        return self._marks[0]


# a waiting job's marker (its status's waiting_for, as "restart" or "engine"): the painting ahead
# runs past its typical time; the line says so and gives no time (status_wording.queued_text)
AHEAD_OVERRAN = "ahead_overran"


class WaitLeft:
    """Follows one job's waiting statuses (``saw``) and says the wait honestly once the painting
    ahead runs long. The queues' waiting ETA grows while the job ahead overruns its lane's typical
    time (scheduled.py's _overrun, 5 s at a time, so that it does not say "about 1 s" for minutes):
    the line read "position 1, about 1 min 40 s", then 1:45, 1:50, 1:55, "about 2 min", one edit
    every 5 s. Now, at the same place in line, a second later time than the queue said is no new
    estimate but the painting ahead overrunning: the status comes back with waiting_for AHEAD_OVERRAN
    and no ETA ("next: as soon as the painting ahead is done") until its place moves. A first rise
    is held back (the line keeps the least time it said): the first step comes as soon as the
    painting ahead is a moment past its typical time, and a job that has just finished raises its
    lane's typical time before the next one starts and every place moves; either said "taking
    longer than expected" for a moment, as the painting ahead ended."""

    def __init__(self) -> None:
        self._place: int | None = None
        self._least: float | None = None    # the queue's least ETA at this place: what a held rise says
        self._last: float | None = None     # the queue's ETA last seen
        self._rose = False                  # it went above the least once (held back)
        self._overran = False               # a second time: the painting ahead overran

    def saw(self, st):
        """The status ``st`` as its line is to say it: as it is, its time held at the least said,
        or marked AHEAD_OVERRAN."""
        eta = st.eta_seconds
        if st.state != "queued" or st.waiting_for is not None or eta is None or not math.isfinite(eta):
            self._place = None
            return st
        if st.position != self._place:        # its place moved: the queue's estimate afresh
            self._place, self._least, self._last, self._rose, self._overran = st.position, eta, eta, False, False
            return st
        if eta > self._last:
            self._overran = self._overran or self._rose
            self._rose = True
        elif eta <= self._least:              # (counting down again, the in-process queue's)
            self._least, self._rose = eta, False
        self._last = eta
        if self._overran:
            return replace(st, eta_seconds=None, waiting_for=AHEAD_OVERRAN)
        return replace(st, eta_seconds=self._least) if self._rose else st
