"""A batch of fast jobs honours what happens while it is painted, over a real redis-server: a job
its user cancels meanwhile answers "cancelled" instead of its painting, and a worker paused
mid-batch whose entries were taken over meanwhile delivers nothing for those; every job still
gets exactly one result. (The fake engine has no stylize_batch: run_jobs paints a batch's jobs
one after the other, without looking at their cancels.)"""
import asyncio
import signal

import pytest

from engine.queue.redis_streams import RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import make_job
from tests.queue.job_starts import starts
from tests.queue.test_redis import done_events, start_worker, stop, until

pytestmark = pytest.mark.slow


def attempts(url: str, job_id: str) -> int:
    # (its attempts key goes once the bot's journal holds the job's outcome: job_starts reads the events then)
    return starts(url, job_id)


async def start_a_batch(q: RedisQueue, style: str) -> list:
    """Four jobs the worker paints as one batch: handed over while it paints a first one alone,
    so they wait in the stream together (the bot hands jobs over one by one)."""
    first = make_job("first", "sleep:1")
    await q.submit(first)
    await until(lambda: first.id in q.started)
    batch = [make_job(f"u{i}", style) for i in range(4)]
    for job in batch:
        await q.submit(job)
    assert (await asyncio.wait_for(q.wait(first.id), 30)).ok
    await until(lambda: all(job.id in q.started for job in batch))     # their "started" events
    return batch


async def test_a_job_cancelled_while_its_batch_is_painted_gets_no_painting(redis_url):
    w1 = start_worker(redis_url, "w1", WORKER_BATCH="4", REDIS_CLAIM_IDLE="60")
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url))
    await q.start()
    try:
        await until(lambda: q.health()["ok"])
        batch = await start_a_batch(q, "sleep:1")
        assert await q.cancel(batch[1].id)                   # while the batch paints its first job
        results = await asyncio.wait_for(asyncio.gather(*(q.wait(job.id) for job in batch)), 30)
        assert [r.error_key for r in results] == [None, "cancelled", None, None], results
        assert [r.ok for r in results] == [True, False, True, True]
        events = done_events(redis_url)
        assert all(events[job.id] == 1 for job in batch), events
    finally:
        await q.stop()
        stop([w1])
    assert "batch of 4 fast jobs" in w1.stderr.read()


async def test_a_worker_paused_mid_batch_delivers_nothing_for_the_jobs_taken_from_it(redis_url):
    """SIGSTOP stands for a long GC or a network blip. w2 takes over what w1 was painting when it
    stopped; back, w1 paints the rest of its batch, but the job taken from it is w2's to deliver:
    no painting of it is made in vain, each job gets one result. REDIS_BEAT_GRACE: w2 takes over
    after 3 s of w1's silence, not 8."""
    w1 = start_worker(redis_url, "w1", WORKER_BATCH="4", REDIS_CLAIM_IDLE="60", REDIS_BEAT_GRACE="3")
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url))
    await q.start()
    w2 = None
    try:
        await until(lambda: q.health()["ok"])
        batch = await start_a_batch(q, "sleep:2")
        await asyncio.sleep(0.5)
        w1.send_signal(signal.SIGSTOP)                       # mid-batch: its first job half painted
        w2 = start_worker(redis_url, "w2", REDIS_CLAIM_IDLE="60", REDIS_BEAT_GRACE="3")
        await until(lambda: any(attempts(redis_url, job.id) == 2 for job in batch), 40)
        w1.send_signal(signal.SIGCONT)
        results = await asyncio.wait_for(asyncio.gather(*(q.wait(job.id) for job in batch)), 40)
        assert all(r.ok for r in results), results
        await asyncio.sleep(1)                               # both have settled their sides
        events = done_events(redis_url)
        assert all(events[job.id] == 1 for job in batch), events
    finally:
        w1.send_signal(signal.SIGCONT)
        await q.stop()
        stop([w1] + ([w2] if w2 else []))
    said = [w1.stderr.read()] + ([w2.stderr.read()] if w2 else [])
    assert "batch of 4 fast jobs" in said[0] and "was taken over by worker w2" in said[0], said[0][-3000:]
    assert not any("already had a result" in text for text in said), said
