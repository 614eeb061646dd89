"""Redis mode: a lane that no worker served since the bot started (the operator started workers
for fast only, and a user sends /hq) logged nothing: its jobs waited for ever in silence, while a
lane that *lost* its last worker was one WARNING (test_lane_lost.py). Now such a lane with jobs
waiting is one WARNING once the start's grace is over (workers started beside the bot load their
engine before their first beat), and one INFO when a worker comes for it. Its users read that /hq
painting is offline (the lane's status says so). Real redis-server; worker heartbeats are written
here as a worker writes them."""
import asyncio
import json
import logging
import time

import pytest
import redis

from engine.queue.redis_streams import BEAT_TTL, Keys, RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import RedisServer, make_job
from tests.queue.test_redis import until

pytestmark = pytest.mark.slow


def unserved(caplog, level: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == level and r.name == "engine.queue.redis"
            and ("no worker has served" in r.getMessage() or "is served now" in r.getMessage())]


def beat(r, name: str, lanes: list[str]) -> None:
    r.set(Keys("paintbot").worker(name), json.dumps({"job": None, "jobs": 0, "lanes": lanes, "batch": 1}),
          ex=BEAT_TTL)


async def keeps_beating(r, name: str, lanes: list[str]) -> None:
    while True:                       # as a worker does, more often than the bot's grace (1 s here)
        beat(r, name, lanes)
        await asyncio.sleep(0.2)


def redis_queue(redis_url: str, grace: float) -> RedisQueue:
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url))
    q.watch_every, q.beat_grace, q.unserved_grace = 0.2, 1.0, grace
    return q


async def test_hq_jobs_with_only_a_fast_worker_are_one_warning_after_the_grace(redis_url, caplog):
    caplog.set_level(logging.INFO, logger="engine.queue.redis")
    r = redis.Redis.from_url(redis_url)
    fast = asyncio.create_task(keeps_beating(r, "fast1", ["fast"]))
    await asyncio.sleep(0.1)
    q = redis_queue(redis_url, grace=1.5)
    before_start = time.time()
    await q.start()
    hq_worker = None
    try:
        job = make_job("u", "quick", method="gatys")
        await q.submit(job)
        await until(lambda: unserved(caplog, logging.WARNING), 10)
        # not within the grace (workers may still be loading): judged by the record's time, which
        # a loaded host's late wake-ups cannot make look early, as a sleep before a look could
        [record] = [r for r in caplog.records if r.levelno == logging.WARNING and "no worker has served" in r.getMessage()]
        assert record.created - before_start >= 1.5, record.created - before_start
        await asyncio.sleep(1.0)                  # several more watch rounds: still one
        [warning] = unserved(caplog, logging.WARNING)
        assert "lane hq" in warning and "REDIS_PREFIX=paintbot" in warning, warning
        assert "1 job waiting" in warning and "--lanes hq" in warning, warning
        assert "fast" not in warning.split("(")[0], warning     # the fast lane has its worker
        # what its user reads: the painter of /hq is offline, not a place in a line
        assert q._status_of(job.id).waiting_for == "engine"
        assert q.status()["lanes"]["hq"]["online"] is False
        hq_worker = asyncio.create_task(keeps_beating(r, "hq1", ["hq"]))
        await until(lambda: unserved(caplog, logging.INFO), 10)
        assert unserved(caplog, logging.INFO) == ["lane hq is served now (1 live worker)"]
        assert len(unserved(caplog, logging.WARNING)) == 1
    finally:
        for task in (fast, hq_worker):
            if task is not None:
                task.cancel()
        await q.stop()


async def test_a_lane_without_workers_but_without_jobs_says_nothing(redis_url, caplog):
    caplog.set_level(logging.INFO, logger="engine.queue.redis")
    r = redis.Redis.from_url(redis_url)
    fast = asyncio.create_task(keeps_beating(r, "fast1", ["fast"]))
    await asyncio.sleep(0.1)
    q = redis_queue(redis_url, grace=0.3)
    await q.start()
    try:
        await asyncio.sleep(1.2)                  # past the grace, nobody asked for /hq
        assert unserved(caplog, logging.WARNING) == []
        await q.submit(make_job("u", "quick", method="gatys"))       # now someone does
        await until(lambda: unserved(caplog, logging.WARNING), 10)
    finally:
        fast.cancel()
        await q.stop()


async def test_a_job_waiting_within_the_grace_for_a_worker_that_comes_says_nothing(redis_url, caplog):
    caplog.set_level(logging.INFO, logger="engine.queue.redis")
    r = redis.Redis.from_url(redis_url)
    q = redis_queue(redis_url, grace=3.0)
    began = time.monotonic()
    await q.start()
    worker = None
    try:
        await q.submit(make_job("u", "quick", method="gatys"))
        await asyncio.sleep(0.5)
        worker = asyncio.create_task(keeps_beating(r, "both", ["fast", "hq"]))     # loaded its engine
        await until(lambda: q.live.get("hq"), 10)
        await asyncio.sleep(max(0.0, began + 3.0 + 1.0 - time.monotonic()))     # past the grace: served in time
        assert unserved(caplog, logging.WARNING) == [] and unserved(caplog, logging.INFO) == []
    finally:
        if worker is not None:
            worker.cancel()
        await q.stop()


async def test_the_grace_begins_again_when_redis_comes_back(caplog):
    """Redis away at the start: the workers wait for it as the bot does, and beat only once it is
    back, however long the bot ran meanwhile; no warning for the moment they take then."""
    caplog.set_level(logging.INFO, logger="engine.queue.redis")
    server = RedisServer()                     # not started yet
    q = redis_queue(server.url, grace=3.0)     # (the worker beats within it, however loaded the host)
    await q.start()                            # the bot starts without Redis; jobs wait
    worker = None
    try:
        assert not q.link.up
        await q.submit(make_job("u", "quick", method="gatys"))
        await asyncio.sleep(3.5)               # past the grace, Redis still away
        server.start()
        r = redis.Redis.from_url(server.url)
        await until(lambda: q.link.up, 20)
        await asyncio.sleep(0.5)               # the worker's first beat, a moment after Redis is back
        worker = asyncio.create_task(keeps_beating(r, "both", ["fast", "hq"]))
        await until(lambda: q.live.get("hq"), 10)
        await asyncio.sleep(1.5)
        assert unserved(caplog, logging.WARNING) == [], unserved(caplog, logging.WARNING)
    finally:
        if worker is not None:
            worker.cancel()
        await q.stop()
        server.stop()


async def test_engine_submit_does_not_warn_in_the_bots_words(redis_url, caplog):
    """`engine submit --hq` (a check of a deployment: beats_as_bot False) waits up to its --timeout,
    600 s by default: past the grace its log said "no worker has served it since the bot started
    ... their users read that it is offline", of a bot and users it does not have; its own error
    line names the lane (tests/queue/test_submit_unserved_lane.py)."""
    caplog.set_level(logging.INFO, logger="engine.queue.redis")
    r = redis.Redis.from_url(redis_url)
    fast = asyncio.create_task(keeps_beating(r, "fast1", ["fast"]))
    await asyncio.sleep(0.1)
    q = redis_queue(redis_url, grace=0.2)
    q.beats_as_bot = False                    # as engine/worker_cli.py's submit sets it
    await q.start()
    try:
        await q.submit(make_job("u", "quick", method="gatys"))
        await asyncio.sleep(1.5)                  # several watch rounds past the grace
        assert q.sched.waiting("hq") == 1 and not q.live.get("hq")    # (the case, still)
        assert unserved(caplog, logging.WARNING) == []
    finally:
        fast.cancel()
        await q.stop()
