"""The one-host queue when its journal (queue.sqlite3) cannot be written for a while: another
process holds the write lock, or the disk is full. Results still reach their waiters, the workers
stay supervised, later jobs run, and the journal catches up once it can be written."""
import asyncio
import logging
import sqlite3
import time

import pytest

from engine.queue.journal import Journal
from tests.loop_ticks import LoopTicks
from tests.queue.conftest import make_job
from tests.queue.test_process import settings, started, until


def lock(db_path) -> sqlite3.Connection:
    """Hold the journal's write lock, as an operator's sqlite3 shell in a transaction would."""
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_locked_journal_write_fails_fast_instead_of_freezing_the_loop(tmp_path):
    """Journal writes run on the bot's event loop: while one waits, every chat waits."""
    path = str(tmp_path / "queue.sqlite3")
    j = Journal(path)
    job = make_job("u")
    j.add(job)
    other = lock(path)
    try:
        start = time.monotonic()
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            j.set_state(job.id, "running")
        assert time.monotonic() - start < 2.5             # it was 5 s
    finally:
        other.rollback()
        j.close()


async def test_a_locked_journal_holds_up_the_submit_not_the_event_loop(tmp_path):
    """The queue makes its journal writes on the journal's thread: while one waits for another
    process's lock, the event loop goes on (a ticker keeps ticking; it used to stand still for the
    busy timeout), and the submit still fails as before, so its user hears of it."""
    from engine.queue.journal import BUSY_TIMEOUT
    from engine.queue.process import ProcessQueue
    from engine.queue.settings import QueueSettings

    path = str(tmp_path / "queue.sqlite3")
    q = ProcessQueue(QueueSettings(queue_db=path, workers_fast=0, workers_hq=0))
    await q.start()
    other = lock(path)
    try:
        async with LoopTicks() as ticks:
            await asyncio.sleep(0.05)
            ticks.reset()
            start = time.monotonic()
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                await q.submit(make_job("u"))
            waited = time.monotonic() - start
        assert waited >= BUSY_TIMEOUT * 0.9 and ticks.ran_on_for(waited), (ticks.count, waited)
    finally:
        other.rollback()
        other.close()
        await q.stop()


async def test_a_journal_write_that_fails_by_a_bug_is_dropped_and_its_waiter_goes_on(tmp_path, monkeypatch, caplog):
    """Not the file's fault (a bug in a write): tried again it would fail for ever, and the waiter,
    who waits for its delivery to be journaled, with it. It is logged and dropped."""
    from engine.queue.process import ProcessQueue
    from engine.queue.settings import QueueSettings

    q = ProcessQueue(QueueSettings(queue_db=str(tmp_path / "queue.sqlite3"), workers_fast=0, workers_hq=0))
    await q.start()

    def delivered(job_id):
        raise TypeError("a bug")

    monkeypatch.setattr(q.journal, "delivered", delivered)
    try:
        job = make_job("u")
        await q.submit(job)
        assert await q.cancel(job.id)
        result = await asyncio.wait_for(q.wait(job.id), 5)
        assert result.error_key == "cancelled" and not q._behind
        assert "a journal write failed and is dropped: delivered" in caplog.text
        assert q.journal.state(job.id) == "cancelled"              # the writes before it were made
    finally:
        await q.stop()


async def test_a_result_reaches_its_waiter_while_the_journal_is_locked(tmp_path, caplog):
    """It used to be lost: journal.finish raised inside the worker's reader, which ended its
    supervision; the user's progress stayed at 100 % and every later job waited for ever."""
    s = settings(tmp_path, workers_hq=0)
    q = await started(s)
    q.journal_retry = 0.5
    worker = q.workers[0]
    pid = worker.pid
    caplog.set_level(logging.INFO, logger="engine.queue")
    try:
        job = make_job("u", "sleep:1")
        await q.submit(job)
        await until(lambda: worker.job_id == job.id)
        other = lock(s.queue_db)
        try:
            result = await asyncio.wait_for(q.wait(job.id), 15)
            assert result.ok and result.image
            assert not worker.task.done() and worker.pid == pid      # still supervised, same worker
            await asyncio.sleep(1.5)                                  # retries while still locked
        finally:
            other.rollback()
            other.close()
        errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert len(errors) == 1 and "journal cannot be written" in errors[0].getMessage(), errors

        later = make_job("v")
        await q.submit(later)
        assert (await asyncio.wait_for(q.wait(later.id), 15)).ok
        await until(lambda: not q._behind)                             # the journal caught up
        assert q.journal.state(job.id) == "done"
        assert q.journal.undelivered() == []
        assert "the job journal caught up" in caplog.text
    finally:
        await q.stop()


async def test_a_full_disk_at_a_jobs_end_does_not_stop_the_queue(tmp_path, monkeypatch):
    s = settings(tmp_path, workers_hq=0)
    q = await started(s)
    q.journal_retry = 0.2
    real_finish = q.journal.finish
    fails = iter([True])

    def finish(result, state):
        if next(fails, False):
            raise sqlite3.OperationalError("database or disk is full")
        real_finish(result, state)

    monkeypatch.setattr(q.journal, "finish", finish)
    try:
        first, second = make_job("u"), make_job("v")
        await q.submit(first)
        assert (await asyncio.wait_for(q.wait(first.id), 15)).ok
        await q.submit(second)
        assert (await asyncio.wait_for(q.wait(second.id), 15)).ok
        # after a failed write the later ones wait in line until a retry catches up (journal_retry)
        await until(lambda: not q._behind and q.journal.state(first.id) == "done")
        assert q.journal.undelivered() == []
    finally:
        await q.stop()


async def test_a_message_whose_handling_fails_does_not_end_the_workers_supervision(tmp_path, monkeypatch):
    """Whatever goes wrong with one message from a worker, its next messages are still read."""
    s = settings(tmp_path, workers_hq=0)
    q = await started(s)
    real_complete = q._complete
    failed = []

    def complete(result):
        if not failed:
            failed.append(result.job_id)
            raise RuntimeError("a bug in handling a result")
        real_complete(result)

    monkeypatch.setattr(q, "_complete", complete)
    try:
        lost = make_job("u")                      # its result meets the bug
        await q.submit(lost)
        await until(lambda: failed and q.workers[0].idle)
        later = make_job("v")
        await q.submit(later)
        assert (await asyncio.wait_for(q.wait(later.id), 15)).ok
        assert not q.workers[0].task.done()
    finally:
        await q.stop()
