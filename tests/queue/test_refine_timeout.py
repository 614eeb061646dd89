"""ENGINE_REFINE_STEPS on a machine where the steps are slow: a job whose refining would run past
its time limit (JOB_TIMEOUT_FAST) delivers the best painting made so far, not "timeout"."""
from __future__ import annotations

import time

import pytest

from engine.core import Engine
from engine.queue import make_queue
from engine.queue.settings import QueueSettings
from tests.queue.deadline_helpers import assert_painted_within, redis_worker_and_bot, started

HERE = "tests.queue.test_refine_timeout"
STEP_S = 0.25       # what each VGG pass costs on top: 200 refine steps take 50 s


class SlowStepEngine(Engine):
    """The shipped engine, each VGG pass ``step_s`` slower (a large picture on a CPU)."""
    step_s = STEP_S

    @property
    def encoder(self):
        enc = super().encoder

        def slow(*args, **kw):
            time.sleep(self.step_s)
            return enc(*args, **kw)
        return slow


def loaded(engine: Engine) -> Engine:
    """``engine`` with its weights and catalog loaded before the worker says ready: loaded by the
    first job, they took seconds of that job's time limit on a loaded machine (the limit is about
    the painting's steps, not the load)."""
    Engine.encoder.fget(engine), engine.decoder, engine.catalog
    return engine


def make_slow_engine(device=None, refine_steps=0):
    return loaded(SlowStepEngine(device="cpu", refine_steps=refine_steps))


@pytest.mark.slow
async def test_a_job_whose_refining_outlasts_its_time_limit_gets_its_painting(tmp_path):
    """Through the one-host queue and its worker process: 200 steps of 0.25 s, a 10 s limit."""
    limit = 10.0
    s = QueueSettings(queue_backend="process", queue_db=str(tmp_path / "q.sqlite3"), workers_fast=1, workers_hq=0,
                      engine_factory=f"{HERE}:make_slow_engine", engine_refine_steps=200,
                      job_timeout_fast=limit, drain_timeout=5)
    async with started(make_queue(s)) as q:
        await assert_painted_within(q, limit)


@pytest.mark.slow
async def test_over_redis_too(redis_url):
    """A Redis worker (its own JOB_TIMEOUT_FAST, the bot's the same) and the bot's RedisQueue."""
    limit = 10.0
    async with redis_worker_and_bot(redis_url, f"{HERE}:make_slow_engine", {"job_timeout_fast": limit},
                                    ENGINE_REFINE_STEPS="200", JOB_TIMEOUT_FAST=str(limit)) as q:
        await assert_painted_within(q, limit)
