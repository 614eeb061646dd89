"""/cancel of a painting under way. The fast path does not look at the cancel flag half-way (only
/hq's steps do), so a painting cancelled while it ran came back finished, and the user got it
right after "Cancelled 1 painting". Now such a result ends as cancelled, and a cancelled job
whose worker dies is not retried."""
import asyncio
import os
import signal

from engine.queue.memory import InProcessQueue
from engine.queue.process import ProcessQueue
from tests.queue.conftest import make_job
from tests.queue.fakes import FakeEngine
from tests.queue.test_process import settings, started, until


async def test_in_process_a_painting_cancelled_while_it_ran_is_not_delivered():
    q = InProcessQueue(FakeEngine)
    await q.start()
    try:
        job = make_job("a", "deaf:0.4")
        await q.submit(job)
        await until(lambda: q.status()["running"])
        assert await q.cancel_user("a") == 1
        result = await asyncio.wait_for(q.wait(job.id), 10)
        assert not result.ok and result.error_key == "cancelled" and result.image is None
        other = make_job("a", "deaf:0.1")         # the next one, not cancelled, is delivered
        await q.submit(other)
        assert (await asyncio.wait_for(q.wait(other.id), 10)).ok
    finally:
        await q.stop()


async def test_worker_queue_a_painting_cancelled_while_it_ran_is_not_delivered(tmp_path):
    q = await started(settings(tmp_path))
    try:
        job = make_job("u", "deaf:0.5")
        await q.submit(job)
        await until(lambda: q.workers[0].job_id == job.id)
        assert await q.cancel(job.id)
        result = await asyncio.wait_for(q.wait(job.id), 10)
        assert not result.ok and result.error_key == "cancelled" and result.image is None
        again = make_job("u", "deaf:0.1")
        await q.submit(again)
        assert (await asyncio.wait_for(q.wait(again.id), 10)).ok
    finally:
        await q.stop()


async def test_a_cancelled_job_whose_worker_dies_is_not_retried(tmp_path):
    q = await started(settings(tmp_path, queue_max_attempts=3))
    try:
        job = make_job("u", "hang")
        await q.submit(job)
        await until(lambda: q.workers[0].job_id == job.id)
        assert await q.cancel(job.id)
        os.kill(q.workers[0].pid, signal.SIGKILL)      # ("hang" ignores the cancel)
        result = await asyncio.wait_for(q.wait(job.id), 10)
        assert result.error_key == "cancelled"
        await until(lambda: q.workers[0].ready)
        assert q.workers[0].job_id is None              # not handed the job again
    finally:
        await q.stop()


async def test_a_cancelled_job_cut_off_by_a_stop_is_not_painted_after_the_restart(tmp_path):
    """The bot stopped while a cancelled job (one that ignores the cancel) still ran: its drain
    killed it, the journal kept it as running, and the next start painted and delivered it after
    the user had been told "Cancelled". Found by review."""
    s = settings(tmp_path, drain_timeout=1)
    q = await started(s)
    job = make_job("u", "hang")
    try:
        await q.submit(job)
        await until(lambda: q.workers[0].job_id == job.id)
        assert await q.cancel(job.id)
    finally:
        await q.stop()
    again = ProcessQueue(s)
    await again.start()
    try:
        if job.id in [j.id for j in await again.recovered()]:     # its outcome, if its line did not get it
            assert (await asyncio.wait_for(again.wait(job.id), 10)).error_key == "cancelled"
        assert again.status()["running"] == 0 and again.status()["waiting"] == 0
    finally:
        await again.stop()
