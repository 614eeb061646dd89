"""/forgetme with the Redis backend, over a real redis-server: the user's photos and paintings
stayed in Redis until REDIS_TTL (a day) after the journal had forgotten them. They are deleted at
once, and a job a worker was painting deletes what it writes when it ends."""
import asyncio

import pytest
import redis

from engine.queue.redis_streams import Keys, RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import make_job
from tests.queue.test_redis import start_worker, stop, until

pytestmark = pytest.mark.slow
KEYS = Keys("paintbot")


def kept(r, job_id: str) -> list[str]:
    return [name for name, key in (("job", KEYS.job), ("img", KEYS.img), ("result", KEYS.result))
            if r.exists(key(job_id))]


async def test_forgetting_a_user_deletes_their_jobs_photos_and_paintings_from_redis(redis_url, tmp_path):
    r = redis.Redis.from_url(redis_url)
    worker = start_worker(redis_url, "w1")
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "queue.sqlite3"), redis_url=redis_url))
    await q.start()
    try:
        await until(lambda: q.health()["ok"])
        done, other = make_job("u1", "quick"), make_job("u2", "quick")
        for job in (done, other):
            await q.submit(job)
            assert (await asyncio.wait_for(q.wait(job.id), 30)).ok
        # (its painting goes once the journal holds it, a watch round later: test_redis_settled_keys.py)
        assert kept(r, done.id) in ([], ["result"])
        running = make_job("u1", "sleep:3")
        await q.submit(running)
        await until(lambda: running.id in q.started)
        await q.forget_user("u1")
        assert kept(r, done.id) == []
        assert kept(r, other.id) in ([], ["result"])               # someone else's, as without /forgetme
        assert not kept(r, running.id) or kept(r, running.id) == ["result"]   # its photo at once
        await asyncio.gather(asyncio.wait_for(q.wait(running.id), 30), return_exceptions=True)
        await until(lambda: not kept(r, running.id), 10)           # what it wrote when it ended, too
    finally:
        await q.stop()
        stop([worker])


async def test_forgetting_a_user_stops_the_painting_of_their_running_job(redis_url, tmp_path):
    """/forgetme cancels the user's running job (its cancel key) and then deletes the job's keys:
    not the cancel key, or the worker never learns of the cancel and paints their photo to the end
    (an /hq one: minutes of a GPU), writing a painting of a user who asked to be forgotten."""
    worker = start_worker(redis_url, "w1")
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "queue.sqlite3"), redis_url=redis_url))
    await q.start()
    try:
        await until(lambda: q.health()["ok"])
        running = make_job("u1", "sleep:30")
        await q.submit(running)
        await until(lambda: running.id in q.started)
        await q.forget_user("u1")
        assert (await asyncio.wait_for(q.wait(running.id), 10)).error_key == "cancelled"   # not 30 s
    finally:
        await q.stop()
        stop([worker])
