"""Redis mode: after an outage longer than BEAT_GRACE, the bot's first look at Redis came before
its workers' first beats (they waited for Redis too, each on its own back-off), so every lane was
said to have "no live worker left" (a WARNING per lane), then "served again" a moment later: two
false lines per lane at each longer outage, and their users read the painter offline meanwhile.
The outage now does not count against the workers' beats, as it does not against the jobs under
way: each worker has BEAT_GRACE from Redis's return to beat again. One that does not is said lost
then. Real redis-server, stopped and started again empty; heartbeats written as a worker does."""
import asyncio
import json
import logging

import pytest
import redis

from engine.queue.redis_streams import BEAT_TTL, Keys, RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import RedisServer
from tests.queue.test_redis import until

pytestmark = pytest.mark.slow

GRACE = 3.0          # the bot's BEAT_GRACE here; the worker beats again 1 s after Redis is back


def lane_lines(caplog, level: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == level and r.name == "engine.queue.redis"
            and ("no live worker left" in r.getMessage() or "served again" in r.getMessage())]


async def beats_while_redis_answers(url: str, pause: asyncio.Event) -> None:
    """A worker's heartbeat, every 0.2 s; while ``pause`` is set it is reconnecting (no beat)."""
    r = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
    while True:
        if not pause.is_set():
            try:
                r.set(Keys("paintbot").worker("w1"),
                      json.dumps({"job": None, "jobs": 0, "lanes": ["fast"], "batch": 1}), ex=BEAT_TTL)
            except redis.ConnectionError:
                pass
        await asyncio.sleep(0.2)


async def outage(server: RedisServer, q: RedisQueue, pause: asyncio.Event) -> None:
    """Redis away past the bot's grace, back empty; the worker reconnecting meanwhile."""
    pause.set()
    server.stop()
    await until(lambda: not q.link.up, 10)
    await asyncio.sleep(GRACE + 1.0)
    server.start()
    await until(lambda: q.link.up, 20)


async def started_queue(url: str) -> RedisQueue:
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=url))
    q.watch_every, q.beat_grace = 0.2, GRACE
    await q.start()
    return q


async def test_an_outage_is_no_lane_lost_while_its_worker_beats_again_after_it(caplog):
    caplog.set_level(logging.INFO, logger="engine.queue.redis")
    server = RedisServer()
    server.start()
    pause = asyncio.Event()
    worker = asyncio.create_task(beats_while_redis_answers(server.url, pause))
    q = None
    try:
        await asyncio.sleep(0.3)
        q = await started_queue(server.url)
        assert q.live == {"fast": 1}
        await outage(server, q, pause)
        await asyncio.sleep(1.0)                 # the worker's back-off: its first beat comes now
        pause.clear()
        await until(lambda: q.live.get("fast"), 10)
        await asyncio.sleep(1.0)                 # a few more watch rounds
        assert lane_lines(caplog, logging.WARNING) == [], lane_lines(caplog, logging.WARNING)
        assert lane_lines(caplog, logging.INFO) == []
    finally:
        worker.cancel()
        if q is not None:
            await q.stop()
        server.stop()


async def test_a_worker_that_does_not_beat_after_the_outage_is_said_lost(caplog):
    caplog.set_level(logging.INFO, logger="engine.queue.redis")
    server = RedisServer()
    server.start()
    pause = asyncio.Event()
    worker = asyncio.create_task(beats_while_redis_answers(server.url, pause))
    q = None
    try:
        await asyncio.sleep(0.3)
        q = await started_queue(server.url)
        assert q.live == {"fast": 1}
        await outage(server, q, pause)           # the worker never beats again (its host went too)
        await until(lambda: lane_lines(caplog, logging.WARNING), 15)
        [lost] = lane_lines(caplog, logging.WARNING)
        assert "lane fast has no live worker left" in lost, lost
    finally:
        worker.cancel()
        if q is not None:
            await q.stop()
        server.stop()
