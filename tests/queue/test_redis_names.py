"""One live worker per name, over a real redis-server: a second worker started under the name of a
live one is refused at start (one line, exit 2) instead of sharing its consumer and heartbeat;
two started under one name at the same moment leave exactly one running. (A worker restarted
under the name of a dead one takes its place: test_redis_takeover.py.)"""
import asyncio
import json
import time

import pytest
import redis

from engine.queue.redis_streams import GROUP, Keys, RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import make_job
from tests.queue.test_redis import start_worker, stop, until

pytestmark = pytest.mark.slow
KEYS = Keys("paintbot")


def refusal(proc) -> str:
    """What a refused worker said: checked to be one error line and no traceback."""
    err = proc.stderr.read()
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    errors = [rec["msg"] for rec in lines if rec.get("level") == "ERROR"]
    assert len(errors) == 1 and "Traceback" not in err, err[-3000:]
    return errors[0]


async def test_a_second_live_worker_under_the_same_name_is_refused_and_the_first_keeps_its_jobs(redis_url):
    r = redis.Redis.from_url(redis_url)
    first = start_worker(redis_url, "gpu1")
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url))
    await q.start()
    second = None
    try:
        await until(lambda: q.health()["ok"])
        second = start_worker(redis_url, "gpu1")
        assert second.wait(30) == 2
        said = refusal(second)
        assert "another live worker already uses the name gpu1" in said and "--name" in said, said
        assert first.poll() is None
        job = make_job("a", "quick")
        await q.submit(job)
        assert (await asyncio.wait_for(q.wait(job.id), 30)).ok
        assert [c["name"] for c in r.xinfo_consumers(KEYS.stream("fast"), GROUP)] == [b"gpu1"]
    finally:
        await q.stop()
        stop([first] + ([second] if second else []))
    assert first.returncode == 0


async def test_two_workers_started_under_one_name_at_once_leave_one(redis_url):
    workers = [start_worker(redis_url, "twin"), start_worker(redis_url, "twin")]
    try:
        deadline = time.monotonic() + 40
        while all(w.poll() is None for w in workers):
            assert time.monotonic() < deadline, "neither was refused"
            await asyncio.sleep(0.1)
        refused = next(w for w in workers if w.poll() is not None)
        kept = next(w for w in workers if w is not refused)
        assert refused.returncode == 2
        assert "already uses the name twin" in refusal(refused)
        await asyncio.sleep(3)
        assert kept.poll() is None
    finally:
        stop(workers)


async def test_a_worker_drained_and_started_again_under_its_name_starts_at_once(redis_url):
    """A drained worker deletes its beat: its successor has nothing to wait for."""
    r = redis.Redis.from_url(redis_url)
    first = start_worker(redis_url, "w1")
    await until(lambda: r.exists(KEYS.worker("w1")))
    stop([first])
    assert first.returncode == 0 and not r.exists(KEYS.worker("w1"))
    again = start_worker(redis_url, "w1")
    try:
        started = time.monotonic()
        await until(lambda: r.exists(KEYS.worker("w1")))
        assert time.monotonic() - started < 8 and again.poll() is None
    finally:
        stop([again])
