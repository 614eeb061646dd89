"""QUEUE_MAX_ATTEMPTS counts the crashes a job may have caused, so a job whose worker died before
it began (it waited its turn in the worker's batch, or its photo was still on its way) did not
fail: another worker takes it over and paints it, even with QUEUE_MAX_ATTEMPTS=1. The job that
crashed the worker is still dead-lettered after its QUEUE_MAX_ATTEMPTS crashes. Real redis-server."""
import asyncio

import pytest

from engine.queue.redis_streams import RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import make_job
from tests.queue.test_redis import GRACE, start_worker, stop, until

pytestmark = pytest.mark.slow
# REDIS_CLAIM_IDLE=60: w2 takes the dead w1's jobs over as a gone worker's, after REDIS_BEAT_GRACE (3 s, not 8)


async def test_jobs_waiting_their_turn_in_a_crashed_batch_are_painted_not_dead_lettered(redis_url):
    w1 = start_worker(redis_url, "w1", WORKER_BATCH="4", QUEUE_MAX_ATTEMPTS="1", REDIS_CLAIM_IDLE="60",
                      REDIS_BEAT_GRACE=GRACE)
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url, queue_max_attempts=1))
    await q.start()
    w2 = None
    try:
        await until(lambda: q.health()["ok"])
        first = make_job("first", "sleep:1")              # while w1 paints it, the batch gathers in the stream
        await q.submit(first)
        await until(lambda: first.id in q.started)
        crash = make_job("u0", "crash")                    # painted first in the batch: w1 dies in it
        others = [make_job(f"u{i}", "quick") for i in (1, 2, 3)]
        for job in [crash] + others:
            await q.submit(job)
        assert (await asyncio.wait_for(q.wait(first.id), 30)).ok
        await until(lambda: w1.poll() is not None, 30)
        w2 = start_worker(redis_url, "w2", QUEUE_MAX_ATTEMPTS="1", REDIS_CLAIM_IDLE="60",
                      REDIS_BEAT_GRACE=GRACE)
        results = await asyncio.wait_for(asyncio.gather(*(q.wait(job.id) for job in [crash] + others)), 60)
        assert results[0].error_key == "dead_letter", results[0]          # it did crash a worker
        assert [(r.ok, r.error_key) for r in results[1:]] == [(True, None)] * 3, results[1:]
    finally:
        await q.stop()
        stop([w1] + ([w2] if w2 else []))
    assert "batch of 4 fast jobs" in w1.stderr.read()
