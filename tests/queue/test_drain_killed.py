"""A worker asked to stop (SIGTERM: `docker stop`, a redeploy) lets its painting finish; one that
runs past the stop's grace period is then killed (SIGKILL). That start counted against the job as a
crash it had caused: with QUEUE_MAX_ATTEMPTS=1 the next worker dead-lettered it, and its user got
an apology for a redeploy. A start under way when the stop was asked for no longer counts.
Real redis-server."""
import asyncio
import signal

import pytest
import redis

from engine.queue.redis_streams import Keys, RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import make_job
from tests.queue.test_redis import GRACE, start_worker, stop, until

pytestmark = pytest.mark.slow
KEYS = Keys("paintbot")
# REDIS_BEAT_GRACE: w2 takes the dead w1's job over 3 s after w1's last beat, not 8


async def test_a_worker_killed_after_its_stop_was_asked_does_not_dead_letter_its_job(redis_url, tmp_path):
    stalled = tmp_path / "w1-stalled"
    # its painting (stalled) outlasts the stop's grace period
    w1 = start_worker(redis_url, "w1", QUEUE_MAX_ATTEMPTS="1", FAKE_ENGINE_STALL_AFTER="0",
                      FAKE_ENGINE_STALL_MARKER=str(stalled), REDIS_BEAT_GRACE=GRACE)
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url, queue_max_attempts=1))
    await q.start()
    w2 = None
    r = redis.Redis.from_url(redis_url)
    try:
        await until(lambda: q.health()["ok"])
        job = make_job("a", "quick")
        await q.submit(job)
        await until(lambda: stalled.exists())
        w1.send_signal(signal.SIGTERM)                               # docker stop ...
        await until(lambda: int(r.get(KEYS.excused(job.id)) or 0) == 1, 10)
        w1.send_signal(signal.SIGKILL)                               # ... and its grace period is over
        assert w1.wait(10) == -9
        w2 = start_worker(redis_url, "w2", QUEUE_MAX_ATTEMPTS="1", REDIS_BEAT_GRACE=GRACE)
        result = await asyncio.wait_for(q.wait(job.id), 60)
        assert result.ok and result.error_key is None, result
    finally:
        await q.stop()
        stop([w1] + ([w2] if w2 else []))
    said = w2.stderr.read()
    assert "dead-letter" not in said, said[-3000:]


async def test_a_job_that_kills_its_worker_while_nobody_stops_it_is_still_dead_lettered(redis_url):
    w1 = start_worker(redis_url, "w1", QUEUE_MAX_ATTEMPTS="1", REDIS_BEAT_GRACE=GRACE)
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url, queue_max_attempts=1))
    await q.start()
    w2 = None
    try:
        await until(lambda: q.health()["ok"])
        job = make_job("a", "crash")
        await q.submit(job)
        await until(lambda: w1.poll() is not None, 30)
        w2 = start_worker(redis_url, "w2", QUEUE_MAX_ATTEMPTS="1", REDIS_BEAT_GRACE=GRACE)
        result = await asyncio.wait_for(q.wait(job.id), 60)
        assert result.error_key == "dead_letter", result
    finally:
        await q.stop()
        stop([w1] + ([w2] if w2 else []))
