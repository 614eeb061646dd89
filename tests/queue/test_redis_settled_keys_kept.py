"""What of a finished job stays in Redis, and why, once the bot settles it (its outcome journaled:
RedisQueue._settle), over a real redis-server: the cancel key of a job a worker still paints (the
bot gave up on it at its timeout), every key of a job whose outcome the journal could not write,
and every key where the bot's Redis user may not DEL (said once; the bot watches on)."""
import asyncio
import logging

import pytest
import redis

from engine.queue.redis_streams import Keys, RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import make_job
from tests.queue.test_redis import done_events, start_worker, stop, until

pytestmark = pytest.mark.slow
KEYS = Keys("paintbot")


def kept(r, job_id: str) -> list[str]:
    return sorted(key.decode() for key in r.scan_iter(match=f"paintbot:*:{job_id}"))


async def test_a_worker_painting_on_after_the_bot_gave_up_on_its_job_still_drops_the_painting(redis_url, tmp_path):
    """The bot times the job out after 1 s (and answers it 1 s later); the worker's painting
    ignores its cancel for 8 s. The job is settled meanwhile, but its cancel key stays: the
    worker's look at delivery still finds the job cancelled, and no painting goes out for it."""
    r = redis.Redis.from_url(redis_url)
    worker = start_worker(redis_url, "w1")
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=redis_url, job_timeout_fast=1))
    q.kill_grace = 1.0
    await q.start()
    try:
        await until(lambda: q.health()["ok"])
        job = make_job("u1", "deaf:8")
        await q.submit(job)
        assert (await asyncio.wait_for(q.wait(job.id), 20)).error_key == "timeout"
        await until(lambda: job.id in q.settled, 10)          # its other keys deleted, still painted
        assert kept(r, job.id) == [KEYS.cancel(job.id)]
        await until(lambda: done_events(redis_url)[job.id] == 1, 20)
    finally:
        await q.stop()
        stop([worker])
    said = worker.stderr.read()
    assert "was cancelled while it was painted; its painting is dropped" in said, said[-3000:]


async def test_a_result_whose_journal_write_was_dropped_stays_in_redis(redis_url, tmp_path):
    """A journal write that fails with no SQLite error (a bug) is dropped and the writes after it
    go on: the journal still says the job runs, so a restart resumes it and reads its result from
    Redis, which must still be there."""
    r = redis.Redis.from_url(redis_url)
    worker = start_worker(redis_url, "w1")
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=redis_url))
    await q.start()
    try:
        await until(lambda: q.health()["ok"])

        def broken(*args):
            raise TypeError("not JSON serializable")

        q.journal.finish = broken
        job = make_job("u1", "quick")
        await q.submit(job)
        assert (await asyncio.wait_for(q.wait(job.id), 30)).ok
        await asyncio.sleep(2 * q.watch_every + 0.5)          # watch rounds that could have deleted it
        assert await q.journal.off_loop.state(job.id) == "running"
        assert KEYS.result(job.id) in kept(r, job.id)
        assert job.id not in q.settled
    finally:
        await q.stop()
        stop([worker])


async def test_a_bot_whose_redis_user_may_not_delete_says_so_once_and_watches_on(redis_url, tmp_path, caplog):
    """An ACL written before the bot deleted keys (it gave the bot's user no DEL): the paintings
    stay until REDIS_TTL, one WARNING says why, and the watch rounds go on: a worker that goes is
    still seen to go (the lane is said lost, /healthz fails)."""
    admin = redis.Redis.from_url(redis_url)
    admin.execute_command("ACL", "SETUSER", "paintbot", "on", ">secret", "~*", "&*", "+@all", "-del")
    bot_url = redis_url.replace("redis://", "redis://paintbot:secret@")
    worker = start_worker(redis_url, "w1")
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=bot_url))
    caplog.set_level(logging.INFO, logger="engine")
    await q.start()
    try:
        await until(lambda: q.health()["ok"])
        jobs = [make_job("u1", "quick"), make_job("u2", "quick")]
        for job in jobs:
            await q.submit(job)
            assert (await asyncio.wait_for(q.wait(job.id), 30)).ok
            await until(lambda: job.id in q.settled, 10)
            assert KEYS.result(job.id) in kept(admin, job.id)          # left to REDIS_TTL
        # a late painting of a settled job (its worker went on, or an older snapshot): its result
        # cannot be deleted either; said in the same one line, the events after it still read
        admin.xadd(KEYS.events, {"type": "done", "id": jobs[0].id})
        third = make_job("u3", "quick")
        await q.submit(third)
        assert (await asyncio.wait_for(q.wait(third.id), 30)).ok
        assert not [rec for rec in caplog.records if "reading events failed" in rec.getMessage()]
        refused = [rec for rec in caplog.records if "refused to delete the keys" in rec.getMessage()]
        assert len(refused) == 1 and refused[0].levelname == "WARNING", [r.getMessage() for r in caplog.records]
        stop([worker])
        await until(lambda: not q.health()["ok"], 20)                   # the watch still reads the beats
        assert not [rec for rec in caplog.records if "watching redis failed" in rec.getMessage()]
    finally:
        await q.stop()
        stop([worker])


async def test_a_late_painting_redis_refuses_to_stop_is_said_once(redis_url, tmp_path, caplog):
    """A settled job's worker paints on (an older snapshot brought its entry back), and Redis
    refuses the bot's cancel key (an ACL that lets it only read them): one WARNING for the job,
    not one per event of its painting, and the events after them still read."""
    admin = redis.Redis.from_url(redis_url)
    admin.execute_command("ACL", "SETUSER", "paintbot", "on", ">secret", "~paintbot:[^c]*", "%R~paintbot:c*",
                          "&*", "+@all")
    bot_url = redis_url.replace("redis://", "redis://paintbot:secret@")
    worker = start_worker(redis_url, "w1")
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=bot_url))
    caplog.set_level(logging.INFO, logger="engine")
    await q.start()
    try:
        await until(lambda: q.health()["ok"])
        job = make_job("u1", "quick")
        await q.submit(job)
        assert (await asyncio.wait_for(q.wait(job.id), 30)).ok
        await until(lambda: job.id in q.settled, 10)
        admin.xadd(KEYS.events, {"type": "started", "id": job.id, "worker": "w9"})
        for p in (0.1, 0.2, 0.3):
            admin.xadd(KEYS.events, {"type": "progress", "id": job.id, "p": p})
        after = make_job("u2", "quick")
        await q.submit(after)
        assert (await asyncio.wait_for(q.wait(after.id), 30)).ok
        refused = [rec for rec in caplog.records if "refused to ask it to stop" in rec.getMessage()]
        assert len(refused) == 1 and refused[0].levelname == "WARNING", [r.getMessage() for r in caplog.records]
        assert not [rec for rec in caplog.records if "reading events failed" in rec.getMessage()]
    finally:
        await q.stop()
        stop([worker])
