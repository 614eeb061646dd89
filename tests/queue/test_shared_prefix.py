"""Two deployments whose bots share one Redis and one REDIS_PREFIX hand their jobs to the same
streams: either deployment's workers paint the other's jobs (and see its users' photos), with their
own models and release; each bot's replies still reach it (results and events are read by job id,
and a bot ignores the ids it does not run). Nothing said so. A bot now beats in {p}:bots while it
runs and says in one warning line, soon after its start, that another bot is active under its
prefix; one stopped in order (or under another prefix) is not named. Real redis-server."""
import asyncio
import logging

import pytest

from engine.queue.redis_streams import RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.test_redis import until

pytestmark = pytest.mark.slow


def bot(url: str, instance: str, prefix: str = "paintbot") -> RedisQueue:
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=url, redis_prefix=prefix))
    q.instance, q.watch_every = instance, 0.2
    return q


def said(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.levelno == logging.WARNING and "another bot" in r.getMessage()]


async def test_a_second_bot_under_the_same_prefix_is_said_once(redis_url, caplog):
    caplog.set_level(logging.WARNING, logger="engine.queue.redis")
    first, elsewhere = bot(redis_url, "host-a-1"), bot(redis_url, "host-c-3", prefix="other")
    await first.start()
    await elsewhere.start()
    second = None
    try:
        await asyncio.sleep(1)
        assert said(caplog) == []                      # another prefix is another deployment
        await first.stop()
        second = bot(redis_url, "host-b-2")            # the first one stopped in order: not named
        await second.start()
        await asyncio.sleep(1)
        assert said(caplog) == []
        first = bot(redis_url, "host-a-1")
        await first.start()
        await until(lambda: len(said(caplog)) >= 2, 10)   # each of the two says it of the other
        await asyncio.sleep(1)
    finally:
        for q in (first, second, elsewhere):
            if q is not None:
                await q.stop()
    lines = said(caplog)
    assert len(lines) == 2, lines                      # once each, not every round
    assert any("host-a-1" in line for line in lines) and any("host-b-2" in line for line in lines), lines
    assert all("REDIS_PREFIX=paintbot" in line for line in lines), lines
