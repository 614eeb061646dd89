"""A fast painting is one forward pass with no step inside (no progress, no cancel check until it
is done), and may take up to JOB_TIMEOUT_FAST, which an operator raises on a slow CPU for large
/size pictures (a 2048 px AdaIN pass on a loaded 2-core CPU: about 2 minutes). The frozen-painting
watchdog (87a7db9) took any such pass past FROZEN_S (120 s) for a frozen worker: the Redis worker
exited 4, the job went to another worker, froze it too, and was dead-lettered, where before it was
painted within its timeout. Only /hq paintings (whose steps stamp) are now watched; a fast one is
bounded by its timeout. Here FROZEN_S is 2 s, JOB_TIMEOUT_FAST 30 s, and the pass 4 s. Real
redis-server; the one-host worker alike."""
import asyncio

import pytest

from engine.queue.redis_streams import RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import make_job
from tests.queue.test_redis import start_worker, stop, until

pytestmark = pytest.mark.slow
FACTORY = "tests.queue.test_frozen_painting:make_engine"


async def test_a_long_fast_pass_within_its_timeout_is_not_frozen(redis_url):
    w1 = start_worker(redis_url, "w1", FACTORY, TEST_FROZEN_S="2", JOB_TIMEOUT_FAST="30")
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url, job_timeout_fast=30))
    await q.start()
    try:
        await until(lambda: q.health()["ok"], 60)
        job = make_job("a", "deaf:4")                # 4 s without a step (the fast path's one pass)
        await q.submit(job)
        result = await asyncio.wait_for(q.wait(job.id), 60)
        assert result.ok, result
        assert w1.poll() is None
    finally:
        await q.stop()
        stop([w1])
    assert "has not moved for" not in w1.stderr.read()


async def test_a_long_fast_pass_on_one_host_is_not_frozen(tmp_path, monkeypatch):
    from tests.queue.test_process import settings, started

    monkeypatch.setenv("TEST_FROZEN_S", "2")
    q = await started(settings(tmp_path, engine_factory="tests.queue.test_frozen_pipe:make_engine",
                               worker_silent_s=3, job_timeout_fast=30, drain_timeout=1))
    try:
        job = make_job("u", "deaf:5")
        await q.submit(job)
        result = await asyncio.wait_for(q.wait(job.id), 40)
        assert result.ok, result
        assert q.workers[0].restarts == 0
    finally:
        await q.stop()
