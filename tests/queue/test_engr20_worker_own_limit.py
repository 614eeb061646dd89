"""A Redis worker's own JOB_TIMEOUT_FAST (set on its host) shorter than the bot's, or a bot of
a release before Job.time_limit (which sends none): the worker stops a refining job at its own
limit all the same, so the refining's deadline has to end before that one too, else the user
reads 'timeout' where the painting so far was there to deliver."""
from __future__ import annotations

import asyncio

import pytest

from engine.queue.settings import QueueSettings
from tests.queue.conftest import make_job

FACTORY = "tests.queue.test_eng20_refine_timeout:make_slow_engine"


@pytest.mark.slow
async def test_a_worker_with_a_shorter_limit_than_the_bots_delivers_the_painting(redis_url):
    from engine.queue.redis_streams import RedisQueue
    from tests.queue.test_redis import start_worker, stop

    worker_limit = 12.0
    worker = start_worker(redis_url, "w1", factory=FACTORY, ENGINE_REFINE_STEPS="200",
                          JOB_TIMEOUT_FAST=str(worker_limit))
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url, job_timeout_fast=120.0))
    await q.start()
    try:
        job = make_job("u", "gogh")
        await q.submit(job)
        result = await asyncio.wait_for(q.wait(job.id), 120)
        assert result.ok, (result.error_key, result.error_params)
        assert result.image and result.seconds < worker_limit
    finally:
        await q.stop()
        stop([worker])
