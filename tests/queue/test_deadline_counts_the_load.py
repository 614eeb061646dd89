"""A refining job's time limit counts its engine's first load too: a worker's first job reads the
catalog and the weights (seconds on a loaded machine or a slow disk) inside the limit the bot
counts, so its steps must end that much sooner. test_refine_timeout and test_hq_deadline load their
engines before the worker is ready (their limits are about the steps); here the load is slow on
purpose, so a deadline counted from after the load is caught whatever the machine's speed."""
from __future__ import annotations

import dataclasses
import time

import pytest

from engine.jobs import run_job
from tests.queue.conftest import make_job
from tests.queue.test_refine_timeout import SlowStepEngine

LOAD_S = 2.5        # each first load: the catalog's (the style lookup) and the encoder's (the painting)
LIMIT = 10.0        # 200 refine steps of 0.25 s and more (50 s) outlast it by far


class SlowLoadEngine(SlowStepEngine):
    """SlowStepEngine whose catalog and encoder take LOAD_S to load, the first time only; it keeps
    the deadline each stylize was given."""

    deadlines: list[float | None]

    @property
    def catalog(self):
        if self._catalog is None:
            time.sleep(LOAD_S)
        return super().catalog

    @property
    def encoder(self):
        if self._encoder is None:
            time.sleep(LOAD_S)
        return super().encoder

    def stylize(self, *args, deadline=None, **kw):
        self.deadlines.append(deadline)
        return super().stylize(*args, deadline=deadline, **kw)


@pytest.mark.slow
def test_a_refining_jobs_limit_counts_the_engines_first_load():
    """The steps' deadline is counted from the job's start, before the engine's first loads (one
    counted after the encoder's load lies LOAD_S and more later: 12.5-14 s into the job, checked in
    a copy of engine/jobs.py). Asserted on the deadline itself, not on seconds alone: what follows
    the last step (the decode, the JPEG) took 4-5 s on a loaded 2-core machine, more than
    jobs.run_job's 1 s margin at this limit (the full suite's run failed at 14.0 s of a 10 s limit
    with the deadline right), so the job's whole time is bounded only loosely."""
    engine = SlowLoadEngine(device="cpu", refine_steps=200)
    engine.deadlines = []
    job = dataclasses.replace(make_job("u", "gogh"), time_limit=LIMIT)
    began = time.monotonic()
    result = run_job(engine, job)
    assert result.ok, (result.error_key, result.error_params)
    assert result.image and engine.deadlines and None not in engine.deadlines, engine.deadlines
    assert max(engine.deadlines) - began <= LIMIT, f"steps may run {max(engine.deadlines) - began:.1f} s into the job"
    assert result.seconds < LIMIT + 4 * LOAD_S, result.seconds     # steps ignoring it would run 50 s
