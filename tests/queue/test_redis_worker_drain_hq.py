"""A Redis worker (`python -m engine worker`) stopped (SIGTERM: docker stop, a redeploy) during an
/hq painting let it run to its end, however long: past docker's stop grace period it was killed,
and the job painted again from the start by another worker. Its drain now ends the painting's
steps within its DRAIN_TIMEOUT (engine/queue/drain_steps.py), and the painting so far is handed
over, as the one-host queue's workers do."""
from __future__ import annotations

import asyncio
import signal
import time

import pytest

from engine.queue.redis_streams import RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import make_job
from tests.queue.test_redis import start_worker, stop

pytestmark = pytest.mark.slow

STEPS_ENGINE = "tests.queue.test_drain_hq_delivered:make_engine"    # paints "steps:S" in 0.05 s steps
DRAIN_S = 4.0                       # the worker's steps end by 4 - 1 s after its SIGTERM


async def test_a_stopped_redis_worker_hands_over_the_hq_painting_under_way(redis_url):
    worker = start_worker(redis_url, "w-drain", factory=STEPS_ENGINE, DRAIN_TIMEOUT=str(DRAIN_S))
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url))
    await q.start()
    try:
        job = make_job("u", "steps:120", method="gatys")      # two minutes, were it not stopped
        await q.submit(job)
        follow = asyncio.ensure_future(q.wait(job.id))
        for _ in range(600):                                  # the worker is painting it
            if q._status_of(job.id).progress > 0:
                break
            await asyncio.sleep(0.1)
        assert q._status_of(job.id).progress > 0, "the painting did not begin"
        worker.send_signal(signal.SIGTERM)
        began = time.monotonic()
        result = await asyncio.wait_for(follow, 30)
        assert result.ok and result.image, result             # the painting so far, not a rerun
        assert time.monotonic() - began < DRAIN_S + 5
        assert await asyncio.to_thread(worker.wait, 15) == 0   # drained, exited on its own
    finally:
        await q.stop()
        stop([worker])
