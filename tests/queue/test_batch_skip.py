"""A batch skips what was cancelled before its turn: ``run_jobs``' per-job ``cancel`` on the real
engine (the batched pass) and on the fake one (one by one), and a Redis worker's batch with a job
cancelled before its turn. The other jobs' results are unchanged."""
import asyncio
import threading

import numpy as np
import pytest

from engine.jobs import run_job, run_jobs
from engine.queue.redis_streams import RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import make_job
from tests.queue.fakes import FakeEngine
from tests.queue.test_batch import job, photo, pixels
from tests.queue.test_redis import done_events, start_worker, stop, until

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def engine():
    from engine import load_engine

    return load_engine(device="cpu")


def test_a_job_cancelled_before_the_batch_pass_is_left_out_of_it_and_the_others_are_unchanged(engine, monkeypatch):
    jobs = [job(photo(96, 72, i), "gogh" if i % 2 else "monet") for i in range(4)]
    calls = []
    real = engine.stylize_batch
    monkeypatch.setattr(engine, "stylize_batch", lambda items, **kw: calls.append(len(items)) or real(items, **kw))
    results = run_jobs(engine, jobs, cancel=lambda j: j.id == jobs[1].id)
    assert calls == [3]                                   # the pass paints the three others only
    assert [r.job_id for r in results] == [j.id for j in jobs]
    assert [r.ok for r in results] == [True, False, True, True]
    assert results[1].error_key == "cancelled" and results[1].image is None
    for i in (0, 2, 3):
        alone = run_job(engine, jobs[i])
        assert np.abs(pixels(results[i].image) - pixels(alone.image)).mean() < 2


def test_jobs_painted_one_by_one_are_asked_at_their_turn_and_while_they_paint():
    """The fake engine has no stylize_batch: one job after the other, 0.6 s each. The third is
    cancelled while the first paints (skipped: never painted), the second while it paints
    (stopped); the first and the fourth are painted as without a cancel."""
    eng = FakeEngine()
    jobs = [make_job("u", "sleep:0.6") for _ in range(4)]
    cancelled: set[str] = set()
    timers = [threading.Timer(0.2, cancelled.add, [jobs[2].id]), threading.Timer(0.9, cancelled.add, [jobs[1].id])]
    for t in timers:
        t.start()
    try:
        results = run_jobs(eng, jobs, cancel=lambda j: j.id in cancelled)
    finally:
        for t in timers:
            t.cancel()
    assert [r.error_key for r in results] == [None, "cancelled", "cancelled", None], results
    assert [r.ok for r in results] == [True, False, False, True]
    assert eng.painted == 3                          # begun: all but the skipped one
    assert results[0].image == run_job(FakeEngine(), jobs[0]).image


def test_without_a_cancel_every_job_is_painted():
    eng = FakeEngine()
    jobs = [make_job("u", "quick") for _ in range(3)]
    assert [r.ok for r in run_jobs(eng, jobs)] == [True, True, True] and eng.painted == 3


async def test_a_redis_workers_batch_skips_a_job_cancelled_before_its_turn(redis_url):
    """The cancelled job's style hangs, deaf to cancels: painted, it would hold the worker for an
    hour; skipped at its turn, it answers "cancelled" and the rest of the batch goes on."""
    w1 = start_worker(redis_url, "w1", WORKER_BATCH="4", REDIS_CLAIM_IDLE="60")
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url))
    await q.start()
    try:
        await until(lambda: q.health()["ok"])
        first = make_job("first", "sleep:1")             # the batch gathers in the stream meanwhile
        await q.submit(first)
        await until(lambda: first.id in q.started)
        batch = [make_job(f"u{i}", style) for i, style in enumerate(["sleep:1.5", "hang", "quick", "quick"])]
        for j in batch:
            await q.submit(j)
        assert (await asyncio.wait_for(q.wait(first.id), 30)).ok
        await until(lambda: all(j.id in q.started for j in batch))      # the batch has begun
        assert await q.cancel(batch[1].id)                              # while its first job paints
        results = await asyncio.wait_for(asyncio.gather(*(q.wait(j.id) for j in batch)), 30)
        assert [r.error_key for r in results] == [None, "cancelled", None, None], results
        events = done_events(redis_url)
        assert all(events[j.id] == 1 for j in batch), events
    finally:
        await q.stop()
        stop([w1])
    said = w1.stderr.read()
    assert "batch of 4 fast jobs" in said and w1.returncode == 0, said[-3000:]
