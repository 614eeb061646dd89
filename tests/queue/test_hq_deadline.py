"""/hq on a machine where its steps are slow: a job whose 40 steps would run past JOB_TIMEOUT_HQ
delivers the painting so far (every /hq step improves a finished painting), not "timeout";
a user's cancel still answers "cancelled"."""
from __future__ import annotations

import asyncio

import pytest

from engine.queue import make_queue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import make_job
from tests.queue.deadline_helpers import assert_painted_within, redis_worker_and_bot, started
from tests.queue.test_refine_timeout import SlowStepEngine, loaded

STEP_S = 0.6        # 40 /hq steps take 24 s and more
FACTORY = "tests.queue.test_hq_deadline:make_slow_engine"


class SlowHqEngine(SlowStepEngine):
    """The shipped engine, each VGG pass STEP_S slower (a large /hq picture on a CPU)."""
    step_s = STEP_S


def make_slow_engine(device=None, refine_steps=0):
    return loaded(SlowHqEngine(device="cpu", refine_steps=refine_steps))


def settings(tmp_path, limit: float) -> QueueSettings:
    # no refining (ENGINE_REFINE_STEPS=0): /hq's own steps are what the deadline stops
    return QueueSettings(queue_backend="process", queue_db=str(tmp_path / "q.sqlite3"), workers_fast=0,
                         workers_hq=1, engine_factory=FACTORY, job_timeout_hq=limit, drain_timeout=5)


@pytest.mark.slow
async def test_an_hq_job_past_its_time_limit_gets_the_painting_so_far(tmp_path):
    """40 steps of 0.6 s and more (24 s), a 10 s limit: the steps made by then are the painting."""
    limit = 10.0
    async with started(make_queue(settings(tmp_path, limit))) as q:
        await assert_painted_within(q, limit, method="gatys")


@pytest.mark.slow
async def test_a_cancelled_hq_job_still_answers_cancelled(tmp_path):
    # (its first step, the engine loading, is long)
    async with started(make_queue(settings(tmp_path, 60.0))) as q:
        job = make_job("u", "gogh", method="gatys")
        await q.submit(job)
        for _ in range(200):                  # painting, a few steps made
            st = q.states.get(job.id)
            if st is not None and st.state == "running" and (st.progress or 0) > 0:
                break
            await asyncio.sleep(0.1)
        await q.cancel(job.id)
        result = await asyncio.wait_for(q.wait(job.id), 60)
        assert not result.ok and result.error_key == "cancelled"


@pytest.mark.slow
async def test_over_redis_too(redis_url):
    """A Redis worker (its JOB_TIMEOUT_HQ the bot's) and the bot's RedisQueue."""
    limit = 10.0
    async with redis_worker_and_bot(redis_url, FACTORY, {"job_timeout_hq": limit},
                                    JOB_TIMEOUT_HQ=str(limit)) as q:
        await assert_painted_within(q, limit, method="gatys")
