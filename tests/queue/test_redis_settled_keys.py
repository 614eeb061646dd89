"""A job's keys leave Redis once the bot's journal holds its outcome, over a real redis-server.
Delivered paintings stayed there for REDIS_TTL (a day: ~160 KB each at 512 px, hundreds of MB to
GB for a busy community, and a full Redis under noeviction stops taking writes). A bot killed
before its journal holds the result reads it again from Redis after its restart; one killed after
delivers it from its journal. A Redis restored from an older snapshot (its entry back) gets the
job's repainting stopped by the bot."""
import asyncio
import dataclasses
import sqlite3

import pytest
import redis

from engine.jobs import StyleRef
from engine.queue.redis_streams import Keys, RedisQueue
from engine.queue.settings import QueueSettings
from engine.queue.wire import dumps, job_to_dict
from tests.queue.conftest import make_job
from tests.queue.fakes import tiny_png
from tests.queue.test_redis import done_events, start_worker, stop, until

pytestmark = pytest.mark.slow
KEYS = Keys("paintbot")


def kept(r, job_id: str) -> list[str]:
    """The keys Redis still holds of a job."""
    return sorted(key.decode() for key in r.scan_iter(match=f"paintbot:*:{job_id}"))


def bot(redis_url, journal_path) -> RedisQueue:
    return RedisQueue(QueueSettings(queue_db=str(journal_path), redis_url=redis_url))


async def killed(q: RedisQueue) -> None:
    """The bot process gone at once (SIGKILL): no drain, no last journal write, no clean-up; what
    the journal file holds stays."""
    for task in q._tasks:
        task.cancel()
    await asyncio.gather(*q._tasks, *([q._writing] if q._writing else []), return_exceptions=True)
    for client in q.payloads.made():
        await client.aclose()
    await q.r.aclose()
    q.journal.close()


async def test_a_delivered_jobs_keys_leave_redis(redis_url, tmp_path):
    r = redis.Redis.from_url(redis_url)
    worker = start_worker(redis_url, "w1")
    q = bot(redis_url, tmp_path / "q.sqlite3")
    await q.start()
    try:
        await until(lambda: q.health()["ok"])
        jobs = [make_job("u1", "quick"), make_job("u2", "slow")]
        for job in jobs:
            await q.submit(job)
        for job in jobs:
            assert (await asyncio.wait_for(q.wait(job.id), 30)).ok
        for job in jobs:
            # the painting, the photo, the job, its start counts: none left until REDIS_TTL
            await until(lambda: not kept(r, job.id), 10)
        assert set(q.settled) == {job.id for job in jobs}
    finally:
        await q.stop()
        stop([worker])


async def test_a_result_no_bot_reads_still_expires(redis_url):
    """A result whose bot is gone for good is not deleted by anyone: REDIS_TTL still bounds it."""
    r = redis.Redis.from_url(redis_url)
    job = make_job("u1", "quick")
    r.set(KEYS.img(job.id), tiny_png(), ex=3600)
    r.set(KEYS.job(job.id), dumps(job_to_dict(job, with_image=False)), ex=3600)
    r.xgroup_create(KEYS.stream("fast"), "workers", id="0", mkstream=True)
    r.xadd(KEYS.stream("fast"), {"id": job.id, "user": job.user_id})
    worker = start_worker(redis_url, "w1")
    try:
        await until(lambda: r.exists(KEYS.result(job.id)))
        assert 0 < r.ttl(KEYS.result(job.id)) <= QueueSettings().redis_ttl
    finally:
        stop([worker])


async def test_a_bot_killed_before_its_journal_holds_the_result_reads_it_again_after_restart(redis_url, tmp_path):
    r = redis.Redis.from_url(redis_url)
    worker = start_worker(redis_url, "w1")
    journal = tmp_path / "q.sqlite3"
    q = bot(redis_url, journal)
    await q.start()
    job = make_job("u1", "quick")
    try:
        await until(lambda: q.health()["ok"])

        def locked(*args):                    # another process holds the journal's write lock
            raise sqlite3.OperationalError("database is locked")

        q.journal.finish = locked
        await q.submit(job)
        await until(lambda: q.futures[job.id].done())          # read from Redis: in memory only
        await asyncio.sleep(2 * q.watch_every + 0.5)           # watch rounds that could have deleted it
        assert KEYS.result(job.id) in kept(r, job.id)
    finally:
        await killed(q)
    again = bot(redis_url, journal)
    await again.start()
    try:
        assert [j.id for j in await again.recovered()] == [job.id]
        result = await asyncio.wait_for(again.wait(job.id), 30)
        assert result.ok and result.image
        await until(lambda: not kept(r, job.id), 10)
    finally:
        await again.stop()
        stop([worker])


async def test_a_bot_killed_after_its_journal_holds_the_result_delivers_it_from_the_journal(redis_url, tmp_path):
    r = redis.Redis.from_url(redis_url)
    worker = start_worker(redis_url, "w1")
    journal = tmp_path / "q.sqlite3"
    q = bot(redis_url, journal)
    await q.start()
    job = make_job("u1", "quick")
    try:
        await until(lambda: q.health()["ok"])
        await q.submit(job)
        await until(lambda: q.futures[job.id].done())          # read from Redis, not delivered
        await until(lambda: not kept(r, job.id), 10)          # its keys went
    finally:
        await killed(q)
        stop([worker])
    again = bot(redis_url, journal)
    await again.start()
    try:
        assert [j.id for j in await again.recovered()] == [job.id]
        result = await asyncio.wait_for(again.wait(job.id), 10)
        assert result.ok and result.image
    finally:
        await again.stop()


async def test_a_delivered_job_brought_back_by_an_older_snapshot_is_not_painted_again(redis_url, tmp_path):
    """Its entry, photo and job back as the snapshot had them (not read by a worker yet): the
    worker starts a painting of 20 s, the bot asks it to stop, and what it wrote is deleted."""
    r = redis.Redis.from_url(redis_url)
    worker = start_worker(redis_url, "w1")
    q = bot(redis_url, tmp_path / "q.sqlite3")
    await q.start()
    try:
        await until(lambda: q.health()["ok"])
        job = make_job("u1", "quick")
        await q.submit(job)
        assert (await asyncio.wait_for(q.wait(job.id), 30)).ok
        await until(lambda: not kept(r, job.id), 10)
        long = dataclasses.replace(job, styles=[StyleRef("artist", "sleep:20")])
        r.set(KEYS.img(job.id), tiny_png(), ex=3600)
        r.set(KEYS.job(job.id), dumps(job_to_dict(long, with_image=False)), ex=3600)
        r.xadd(KEYS.stream("fast"), {"id": job.id, "user": job.user_id})
        await until(lambda: done_events(redis_url)[job.id] == 2, 10)     # stopped, not 20 s
        await until(lambda: not kept(r, job.id), 5)
        assert q.settled[job.id] is True
    finally:
        await q.stop()
        stop([worker])


async def test_a_bot_killed_before_it_deleted_the_keys_of_a_journaled_result_deletes_them_after_restart(
        redis_url, tmp_path):
    r = redis.Redis.from_url(redis_url)
    worker = start_worker(redis_url, "w1")
    journal = tmp_path / "q.sqlite3"
    q = bot(redis_url, journal)

    async def not_yet() -> None:             # killed before its next watch round
        pass

    q._settle = not_yet
    await q.start()
    job = make_job("u1", "quick")
    try:
        await until(lambda: q.health()["ok"])
        await q.submit(job)
        await until(lambda: q.journaled == [job.id])            # the journal holds its result
        assert KEYS.result(job.id) in kept(r, job.id)
    finally:
        await killed(q)
        stop([worker])
    again = bot(redis_url, journal)
    await again.start()
    try:
        assert (await asyncio.wait_for(again.wait(job.id), 10)).ok
        await until(lambda: not kept(r, job.id), 10)
    finally:
        await again.stop()
