"""Engine.stylize(deadline=...): refine steps end by a deadline, the painting so far the result
(what a queued job's time limit asks: tests/queue/test_refine_timeout.py end to end)."""
from __future__ import annotations

import numpy as np

from engine.core import Engine


def arr(im):
    return np.asarray(im, dtype=np.float32)


class TickingEngine(Engine):
    """The shipped engine on a clock of its own (engine.core's time): each VGG pass is a second."""

    def __init__(self, clock, **kw):
        super().__init__(**kw)
        self.clock = clock

    @property
    def encoder(self):
        enc = super().encoder

        def ticking(*args, **kw):
            self.clock[0] += 1.0
            return enc(*args, **kw)
        return ticking


def test_refining_stops_at_the_deadline_with_the_painting_so_far(ticking, photo, painting):
    fast = ticking.stylize(photo, painting)
    seen = []
    deadline = ticking.clock[0] + 10.0
    out = ticking.stylize(photo, painting, refine_steps=200, progress=seen.append, deadline=deadline)
    assert ticking.clock[0] <= deadline
    assert 5 <= len(seen) < 10                    # steps made until the next one would end past it
    assert out.size == fast.size
    assert np.abs(arr(out) - arr(fast)).mean() > 0.1     # refined, not the fast painting again


def test_a_deadline_already_past_gives_the_fast_painting(ticking, photo, painting):
    fast = ticking.stylize(photo, painting)
    seen = []
    out = ticking.stylize(photo, painting, refine_steps=200, progress=seen.append, deadline=ticking.clock[0] - 1)
    assert seen == [1.0]
    assert np.abs(arr(out) - arr(fast)).mean() < 1.0
