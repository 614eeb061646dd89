"""The queue's limits hold for submits that arrive at the same instant: each submit awaits its
journal write, and the checks used to run before any of them was counted, so ten photos sent at
once by one user were all taken with QUEUE_MAX_PER_USER=3."""
import asyncio
import sqlite3
import threading

import pytest

from engine.queue.journal import Journal
from engine.queue.process import ProcessQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import make_job
from tests.queue.test_journal_failures import lock


def no_workers(tmp_path, **kw) -> QueueSettings:
    """Nothing paints, so every admitted job stays waiting and counts."""
    return QueueSettings(queue_db=str(tmp_path / "queue.sqlite3"), workers_fast=0, workers_hq=0,
                         _env_file=None, **kw)


async def test_concurrent_submits_of_one_user_admit_exactly_the_limit(tmp_path):
    q = ProcessQueue(no_workers(tmp_path, queue_max_per_user=3))
    await q.start()
    try:
        jobs = [make_job("u") for _ in range(10)]
        states = [st.state for st in await asyncio.gather(*(q.submit(j) for j in jobs))]
        assert states.count("queued") == 3 and states.count("failed") == 7
        refused = [await q.wait(j.id) for j, st in zip(jobs, states) if st == "failed"]
        assert all(r.error_key == "busy" and r.error_params["reason"] == "user" for r in refused)
        assert q.status()["waiting"] == 3
        assert (await q.submit(make_job("someone else"))).state == "queued"    # the limit is per user
    finally:
        await q.stop()


async def test_concurrent_submits_of_many_users_admit_exactly_the_total_limit(tmp_path):
    q = ProcessQueue(no_workers(tmp_path, queue_max_waiting=4))
    await q.start()
    try:
        jobs = [make_job(f"u{i}") for i in range(9)]
        states = [st.state for st in await asyncio.gather(*(q.submit(j) for j in jobs))]
        assert states.count("queued") == 4
        refused = [await q.wait(j.id) for j, st in zip(jobs, states) if st == "failed"]
        assert len(refused) == 5 and all(r.error_params["reason"] == "global" for r in refused)
    finally:
        await q.stop()


async def test_a_submit_whose_journal_write_fails_gives_its_slot_back(tmp_path):
    path = str(tmp_path / "queue.sqlite3")
    q = ProcessQueue(no_workers(tmp_path, queue_max_per_user=1, queue_max_waiting=1))
    await q.start()
    other = lock(path)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            await q.submit(make_job("u"))
        other.rollback()
        assert not q.admitting
        assert (await q.submit(make_job("u"))).state == "queued"    # neither limit counts the failed one
    finally:
        other.close()
        await q.stop()


async def test_a_submit_whose_journal_write_outlasts_the_start_of_a_stop_is_held_over(tmp_path):
    """Its wait ended with the stop, as the other held-over jobs' do; it was registered after the
    stop had cancelled their waits, and its own waited until the process exited."""
    path = str(tmp_path / "queue.sqlite3")
    q = ProcessQueue(no_workers(tmp_path))
    await q.start()
    # the write lock, as another process would hold it; let go from a thread (the stop closes
    # the journal, which waits for the write under way on the event loop's thread)
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    threading.Timer(0.3, other.rollback).start()
    job = make_job("u")
    submitting = asyncio.ensure_future(q.submit(job))
    await asyncio.sleep(0.1)                           # its journal write waits for the lock
    stopping = asyncio.ensure_future(q.stop())
    status = await submitting
    await stopping
    assert (status.state, status.waiting_for) == ("queued", "restart")
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(q.wait(job.id), 2)     # over with the stop, not a TimeoutError
    journal = Journal(path)
    try:
        assert [j.id for j, state, _ in journal.undelivered()] == [job.id]     # kept for the next start
    finally:
        journal.close()
