"""What the queue's deadline tests share: a queue started and stopped around a test (and the Redis
worker beside it), and one job painted through it that has to come back a painting in time."""
from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager

from engine.queue.settings import QueueSettings
from tests.queue.conftest import make_job

WAIT_S = 120        # a slow painting's whole run, with room; the job's own limit is far shorter


@asynccontextmanager
async def started(q, worker=None):
    """``q`` started, then stopped (and the worker process stopped) however the test ends."""
    try:
        await q.start()
        try:
            yield q
        finally:
            await q.stop()
    finally:
        if worker is not None:
            from tests.queue.test_redis import stop
            stop([worker])


@asynccontextmanager
async def redis_worker_and_bot(redis_url, factory: str, bot: dict, **worker_env):
    """A Redis worker of ``factory`` (its environment ``worker_env``: its own limits) and the bot's
    RedisQueue (its settings ``bot``), started; both stopped after."""
    # imported here: test_redis needs the redis package, which a test without Redis may lack
    from engine.queue.redis_streams import RedisQueue
    from tests.queue.test_redis import start_worker

    worker = start_worker(redis_url, "w1", factory=factory, **worker_env)
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url, **bot))
    async with started(q, worker):
        yield q


async def assert_painted_within(q, limit: float, **job_kw) -> None:
    """One job submitted to the started ``q`` comes back a painting, in less than ``limit`` s."""
    job = make_job("u", "gogh", **job_kw)
    await q.submit(job)
    result = await asyncio.wait_for(q.wait(job.id), WAIT_S)
    assert result.ok, (result.error_key, result.error_params)
    assert result.image and result.seconds < limit
