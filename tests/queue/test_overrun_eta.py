"""The ETA of a waiting job grows while the job ahead of it runs past the lane's mean time. A
frozen worker left another user's line at "waiting in line (position 1, about 1 s)" for 128 s."""
import asyncio

from tests.queue.conftest import make_job
from tests.queue.test_process import settings, started, until


async def behind_a_long_job(q, method: str = "adain"):
    """A 30 s job (``method``) on the only worker, with the fast lane's jobs taking half a second
    usually, and a quick job waiting behind it: (the long job, the waiter's task, the queued
    ETAs it has been told so far)."""
    q.times.mean["fast"] = 0.5
    long = make_job("a", "sleep:30", method=method)
    await q.submit(long)
    await until(lambda: q.workers[0].job_id == long.id)
    waiting = make_job("b", "quick")
    await q.submit(waiting)
    seen = []
    waiter = asyncio.create_task(q.wait(waiting.id, on_status=seen.append))
    return long, waiter, lambda: [s.eta_seconds for s in seen if s.state == "queued"]


async def test_a_waiting_jobs_eta_grows_behind_a_job_that_overruns(tmp_path):
    q = await started(settings(tmp_path))
    try:
        long, waiter, queued = await behind_a_long_job(q)
        await until(lambda: len(queued()) >= 3, timeout=20)
        etas = queued()
        assert etas[0] >= 0.5
        assert all(b > a for a, b in zip(etas, etas[1:])), etas   # it only grows, and each change is news
        assert etas[2] - etas[0] >= 5, etas
        assert await q.cancel(long.id)
        assert (await asyncio.wait_for(waiter, 15)).ok
    finally:
        await q.stop()


async def test_the_eta_does_not_change_more_than_once_a_step(tmp_path):
    """Each change of a waiting job's status is an edit of its user's line: behind an overrunning
    job the ETA grows in steps of some seconds, not at every tick of the queue."""
    q = await started(settings(tmp_path))
    try:
        long, waiter, queued = await behind_a_long_job(q)
        await asyncio.sleep(7)
        assert 2 <= len(queued()) <= 3, queued()      # 0.5, then 5.5 past 0.5 s, 10.5 past 5.5 s
        assert await q.cancel(long.id)
        assert (await asyncio.wait_for(waiter, 15)).ok
    finally:
        await q.stop()


async def test_a_fast_jobs_eta_grows_behind_an_hq_job_on_a_shared_worker(tmp_path):
    """WORKERS_HQ=0: the fast workers take /hq jobs too. Behind an /hq job on the only worker, a
    fast job's ETA stayed "about 0.5 s": only jobs of its own lane were looked at. Found by review.
    It counts the /hq job's time left (its own lane's mean, 2 min), which goes down: growing from
    the fast mean on, it read as that painting overrunning (test_overrun_other_lane)."""
    q = await started(settings(tmp_path, workers_hq=0))
    try:
        hq, waiter, queued = await behind_a_long_job(q, method="gatys")
        await until(lambda: len(queued()) >= 2, timeout=20)
        assert queued()[0] >= 100 and queued()[-1] < queued()[0], queued()
        assert await q.cancel(hq.id)
        assert (await asyncio.wait_for(waiter, 15)).ok
    finally:
        await q.stop()
