"""Redis mode: when a lane lost its last worker the bot's log said nothing, while its users read
"painter offline" and /healthz answered 503. The bot now says one WARNING naming the lane when no
live worker serves it any more, and one INFO when a worker is back; nothing more while either state
holds, and nothing for a lane no worker ever served. Real redis-server; the worker's heartbeat is
its key, written here as a worker writes it."""
import asyncio
import json
import logging

import pytest
import redis

from engine.queue.redis_streams import BEAT_TTL, Keys, RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.test_redis import until

pytestmark = pytest.mark.slow


def lines(caplog, level: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == level and "lane " in r.getMessage()
            and ("no live worker left" in r.getMessage() or "served again" in r.getMessage())]


async def test_a_lane_without_workers_is_said_once_and_its_return_once(redis_url, caplog):
    caplog.set_level(logging.INFO, logger="engine.queue.redis")
    r = redis.Redis.from_url(redis_url)
    beat = Keys("paintbot").worker("w1")

    def worker_beats() -> None:
        r.set(beat, json.dumps({"job": None, "jobs": 0, "lanes": ["fast"], "batch": 1}), ex=BEAT_TTL)

    worker_beats()
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url))
    q.watch_every, q.beat_grace = 0.2, 1.0
    await q.start()
    try:
        assert q.live == {"fast": 1}
        r.delete(beat)                                   # the worker is gone (killed: no more beats)
        await until(lambda: lines(caplog, logging.WARNING), 10)
        await asyncio.sleep(1.5)                          # several watch rounds without a worker
        [lost] = lines(caplog, logging.WARNING)
        assert "lane fast" in lost and "REDIS_PREFIX=paintbot" in lost, lost
        assert "hq" not in lost                           # the hq lane had no worker to lose
        assert lines(caplog, logging.INFO) == []
        beating = asyncio.create_task(keeps_beating(worker_beats))     # a worker is back
        await until(lambda: lines(caplog, logging.INFO), 10)
        await asyncio.sleep(1.5)
        [back] = lines(caplog, logging.INFO)
        assert "lane fast is served again (1 live worker)" == back, back
        assert len(lines(caplog, logging.WARNING)) == 1
        beating.cancel()
    finally:
        await q.stop()


async def keeps_beating(beat) -> None:
    while True:                       # as a worker does, more often than the bot's grace (1 s here)
        beat()
        await asyncio.sleep(0.2)
