"""A Redis worker whose engine refines (ENGINE_REFINE_STEPS) still took WORKER_BATCH fast jobs at
once (8 by default on CUDA, the host refining is meant for) and then painted them one by one
(run_jobs does not batch a refining engine), all on the clock of the batch's start and without
progress: the third job of a batch of three 1.2 s refinements started past a 2.5 s
JOB_TIMEOUT_FAST and answered 'timeout' after its own 1.2 s had barely begun; the others waited,
held, while idle workers could not take them. A refining worker now takes one fast job at a time
(run_one: its own timeout, progress and cancel). Real redis-server for the second test."""
import asyncio

import pytest

from engine.queue.redis_streams import RedisQueue, batch_size
from engine.queue.settings import QueueSettings
from tests.queue.conftest import make_job

REFINING = "tests.queue.test_refine_setting:make_refining_engine"


class Cuda:
    type = "cuda"


class Engine:
    def __init__(self, refine_steps):
        self.device, self.refine_steps = Cuda(), refine_steps


def test_a_refining_engine_takes_one_fast_job_at_a_time():
    assert batch_size(0, Engine(0)) == 8 and batch_size(4, Engine(0)) == 4      # unchanged
    assert batch_size(0, Engine(10)) == 1
    assert batch_size(4, Engine(10)) == 1


@pytest.mark.slow
async def test_each_refined_job_of_a_burst_gets_its_own_timeout(redis_url):
    from tests.queue.test_redis import start_worker, stop, until

    w1 = start_worker(redis_url, "w1", REFINING, ENGINE_REFINE_STEPS="3", WORKER_BATCH="3",
                      JOB_TIMEOUT_FAST="2.5")
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url, job_timeout_fast=2.5))
    await q.start()
    try:
        await until(lambda: q.health()["ok"], 60)
        warm = make_job("w", "quick")                          # the worker's first job (its imports) first
        await q.submit(warm)
        await asyncio.wait_for(q.wait(warm.id), 60)
        jobs = [make_job("u%d" % i, "sleep:1.2") for i in range(3)]
        for job in jobs:
            await q.submit(job)
        results = [await asyncio.wait_for(q.wait(job.id), 60) for job in jobs]
        assert [(r.ok, r.error_key) for r in results] == [(True, None)] * 3, results
    finally:
        await q.stop()
        stop([w1])
