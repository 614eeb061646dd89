"""Engine.stylize(method="gatys", deadline=...): /hq's steps end by the deadline, the painting so
far the result (end to end through the queue: tests/queue/test_hq_deadline.py)."""
from __future__ import annotations

import dataclasses

from engine.jobs import _refining_deadline
from tests.queue.conftest import make_job


def test_hq_steps_stop_at_the_deadline_with_the_painting_so_far(ticking, photo, painting):
    fast = ticking.stylize(photo, painting)
    seen = []
    deadline = ticking.clock[0] + 12.0
    out = ticking.stylize(photo, painting, method="gatys", progress=seen.append, deadline=deadline)
    assert ticking.clock[0] <= deadline
    assert 1 <= len(seen) < 12 and seen[-1] < 1.0         # stopped short of its 40 steps
    assert out.size == fast.size


def test_an_hq_job_with_a_time_limit_gets_a_deadline_without_refining(ticking):
    hq = dataclasses.replace(make_job(method="gatys"), time_limit=100.0)
    assert ticking.refine_steps == 0
    assert "deadline" in _refining_deadline(ticking, hq)
    assert _refining_deadline(ticking, dataclasses.replace(hq, method="adain")) == {}
    assert _refining_deadline(ticking, dataclasses.replace(hq, time_limit=0.0)) == {}
