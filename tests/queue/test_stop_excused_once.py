"""A job whose memory use makes the platform stop its worker (earlyoom, a k8s eviction: SIGTERM,
then SIGKILL moments later) was excused at each SIGTERM as if an operator had redeployed: every
next worker took it over and died the same way, never dead-lettered, until REDIS_TTL (a day).
A stop now excuses a job's start once only, and a job started far more often than
QUEUE_MAX_ATTEMPTS allows is dead-lettered whatever excused its starts. Real redis-server."""
import asyncio
import os
import signal
import time

import pytest
import redis

from engine.queue.redis_streams import Keys, RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import make_job
from tests.queue.fakes import FakeEngine
from tests.queue.test_redis import start_worker, stop, until

pytestmark = pytest.mark.slow
KEYS = Keys("paintbot")
FACTORY = "tests.queue.test_stop_excused_once:make_engine"


class EvictedEngine(FakeEngine):
    """"evicted": the worker is sent SIGTERM, then SIGKILL half a second later, mid-painting."""

    def stylize(self, content, style, **kw):
        if style == "evicted":
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.5)                      # (the handler runs in the meantime)
            os.kill(os.getpid(), signal.SIGKILL)
        return super().stylize(content, style, **kw)


def make_engine(device=None):
    return EvictedEngine()


async def test_a_job_that_gets_its_worker_evicted_again_and_again_is_dead_lettered(redis_url):
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url, queue_max_attempts=1))
    await q.start()
    workers = []
    try:
        job = make_job("a", "evicted")
        await q.submit(job)
        waiting = asyncio.ensure_future(q.wait(job.id))
        for n in range(6):                       # one worker at a time, each after the last died
            if waiting.done():
                break
            # REDIS_BEAT_GRACE: each takes the job over after 3 s of Redis answering, not 8
            w = start_worker(redis_url, f"w{n}", FACTORY, QUEUE_MAX_ATTEMPTS="1", REDIS_CLAIM_IDLE="0.5",
                             REDIS_BEAT_GRACE="3")
            workers.append(w)
            await until(lambda: w.poll() is not None or waiting.done(), 60)
        result = await asyncio.wait_for(waiting, 30)
        assert result.error_key == "dead_letter", result
        assert len(workers) <= 3, f"{len(workers)} workers died in it before it was dead-lettered"
    finally:
        await q.stop()
        stop(workers)


async def test_a_job_started_far_too_often_is_dead_lettered_whatever_excused_it(redis_url):
    # 4 earlier starts all excused (its workers paused, or dying before it began, or stopped)
    r = redis.Redis.from_url(redis_url)
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url, queue_max_attempts=1))
    await q.start()
    w = None
    try:
        job = make_job("a", "quick")
        r.set(KEYS.attempts(job.id), 4)
        r.set(KEYS.excused(job.id), 4)
        await q.submit(job)
        w = start_worker(redis_url, "w1", FACTORY, QUEUE_MAX_ATTEMPTS="1")
        result = await asyncio.wait_for(q.wait(job.id), 60)
        assert result.error_key == "dead_letter", result
    finally:
        await q.stop()
        stop([w] if w else [])
