"""The bot gives up an entry pending longer than any job may take (its worker hangs outside a
painting while its heartbeat refreshes the entry) and tells its user the job expired. How long a
job may take counted QUEUE_MAX_ATTEMPTS + 1 starts, but a job may be started up to
2 x QUEUE_MAX_ATTEMPTS + 2 times (starts excused: a worker stopped, paused, dead before the job's
own work began) before it is dead-lettered: a job still legitimately on one of its later starts was
failed as "expired" under its worker. Real redis-server."""
import time

import pytest
import redis

from engine.queue.redis_streams import GROUP, Keys, RedisQueue
from engine.queue.settings import QueueSettings

pytestmark = pytest.mark.slow
KEYS = Keys("paintbot")
FAST = KEYS.stream("fast")


async def test_an_entry_within_the_start_ceiling_is_not_given_up_one_past_it_is(redis_url):
    # one start: JOB_TIMEOUT_HQ 1800 + a minute + REDIS_CLAIM_IDLE 30 = 1890 s; QUEUE_MAX_ATTEMPTS=2:
    # up to 6 starts (11 340 s), not 3 (5 670 s); REDIS_TTL small, so the starts decide
    settings = QueueSettings(queue_db=":memory:", redis_url=redis_url, redis_ttl=60, queue_max_attempts=2,
                             job_timeout_hq=1800, redis_claim_idle=30)
    q = RedisQueue(settings)
    r = redis.Redis.from_url(redis_url)
    await q.start()
    try:
        now_ms = int(time.time() * 1000)
        old = r.xadd(FAST, {"id": "past-ceiling"}, id=f"{now_ms - 12_000_000}-0")
        on_a_later_start = r.xadd(FAST, {"id": "fifth-start"}, id=f"{now_ms - 7_000_000}-0")
        r.xreadgroup(GROUP, "hung", {FAST: ">"}, count=2)       # both pending under a worker
        await q._give_up_stuck_entries()
        pending = [row["message_id"] for row in r.xpending_range(FAST, GROUP, "-", "+", 10)]
        assert pending == [on_a_later_start], pending
        assert r.get(KEYS.result("fifth-start")) is None          # its user is not told it expired
        assert b'"expired"' in r.get(KEYS.result("past-ceiling"))
        assert old not in pending
    finally:
        await q.stop()
