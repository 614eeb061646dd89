"""A bot restarted while its jobs are out in Redis shows where each one is from its start, over a
real redis-server: the events that named their workers ("started", "retry") came before the
restart, so their status is read from Redis' state (who holds each entry) instead of showing
every one as waiting until a new event comes."""
import asyncio
import signal

import pytest

from engine.queue.redis_streams import BEAT_GRACE, RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import make_job
from tests.queue.test_redis import start_worker, stop, until

pytestmark = pytest.mark.slow


async def test_jobs_resumed_by_a_restarted_bot_show_their_worker_or_the_wait_for_one_at_once(redis_url, tmp_path):
    # drain_timeout=0: each stop leaves the jobs being painted to the next start (a stop waits
    # for them up to DRAIN_TIMEOUT, and the one of w2 would end meanwhile)
    s = QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=redis_url, drain_timeout=0)
    stalled = tmp_path / "w1-stalled"
    w1 = start_worker(redis_url, "w1", REDIS_CLAIM_IDLE="60", FAKE_ENGINE_STALL_AFTER="0",
                      FAKE_ENGINE_STALL_MARKER=str(stalled))        # hangs in its first job, beating
    q = RedisQueue(s)
    await q.start()
    w2 = None
    try:
        await until(lambda: q.health()["ok"])
        held = make_job("a", "quick")
        await q.submit(held)
        await until(stalled.exists)                                 # w1 holds it
        w2 = start_worker(redis_url, "w2", REDIS_CLAIM_IDLE="60")
        busy = make_job("b", "sleep:60")
        await q.submit(busy)
        await until(lambda: busy.id in q.started)                   # w2 paints it
        waiting = make_job("c", "quick")
        await q.submit(waiting)
        await until(lambda: waiting.id in q.handed)                 # in the stream, unread: both are busy
        await q.stop()

        q = RedisQueue(s)
        await q.start()                                             # the bot back, workers as they were
        assert [q._status_of(j.id).state for j in (held, busy, waiting)] == ["running", "running", "queued"]
        assert (q.painters[held.id], q.painters[busy.id]) == ("w1", "w2")
        assert q._status_of(waiting.id).waiting_for is None
        await q.stop()

        w1.send_signal(signal.SIGKILL)                              # dies while the bot is down again
        await asyncio.sleep(BEAT_GRACE + 1)
        q = RedisQueue(s)
        await q.start()
        st = q._status_of(held.id)                                  # not a painting that does not move
        assert (st.state, st.waiting_for) == ("queued", "takeover"), st
        assert q._status_of(busy.id).state == "running"
        assert await q.cancel(busy.id)                              # w2 is free: it takes the others
        results = await asyncio.wait_for(asyncio.gather(*(q.wait(j.id) for j in (held, busy, waiting))), 40)
        assert [r.error_key for r in results] == [None, "cancelled", None], results
    finally:
        await q.stop()
        stop([w1] + ([w2] if w2 else []))
