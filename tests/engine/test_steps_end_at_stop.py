"""Engine.end_steps_by: a stopping worker brings the end of a painting's steps forward, the
painting under way included (/hq without a deadline of its own): the steps made by then are the
painting, delivered within the drain instead of killed and painted again after the restart."""
from __future__ import annotations

import numpy as np

from engine.gatys import STEPS


def test_an_hq_painting_under_way_ends_its_steps_by_the_stops_end(ticking, photo, painting):
    seen, ends = [], []

    def progress(p: float) -> None:
        seen.append(p)
        if len(seen) == 3:                        # the stop comes mid-painting (each VGG pass 1 s)
            ends.append(ticking.clock[0] + 5.0)
            ticking.end_steps_by(ends[0])

    out = ticking.stylize(photo, painting, method="gatys", progress=progress)
    assert 3 < len(seen) < STEPS                  # stopped early, past the third step
    assert seen[-1] < 1.0 and ticking.clock[0] <= ends[0]
    assert out.size == photo.size
    assert np.asarray(out).std() > 1              # a painting, not a blank


def test_a_nearer_deadline_of_the_painting_still_wins(ticking, photo, painting):
    ticking.end_steps_by(ticking.clock[0] + 1000.0)
    seen = []
    deadline = ticking.clock[0] + 10.0
    ticking.stylize(photo, painting, method="gatys", progress=seen.append, deadline=deadline)
    assert ticking.clock[0] <= deadline and len(seen) < 10


def test_without_an_end_the_painting_makes_all_its_steps(ticking, photo, painting):
    seen = []
    ticking.stylize(photo, painting, method="gatys", progress=seen.append)
    assert len(seen) == STEPS and seen[-1] == 1.0
