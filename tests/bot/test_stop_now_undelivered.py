"""A stop now's last line counted the unfinished jobs the journal keeps for the next start, not the
finished ones whose results no wait had handed over yet (the journal keeps those too, and the next
start delivers them): "stopped now (exit status 143); 1 unfinished job(s) kept ..." with a painting
waiting to be delivered besides. The queue counts those in memory now (ScheduledQueue.finished_undelivered)."""
from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

from bot import stop_signals
from bot.stop_signals import (StopSignals, journal_outlives, kept_for_next_start, left_at_stop_now,
                               stopped_now_line, undelivered_for_next_start)
from engine.queue.process import ProcessQueue
from engine.queue.journal import Journal
from tests.queue.conftest import make_job
from tests.queue.test_process import settings, started, until


def test_the_line_names_both_kinds():
    assert stopped_now_line(143, 2, 1) == ("stopped now (exit status 143); 2 unfinished job(s) and 1 finished "
                                           "job(s) not yet delivered kept in the journal for the next start")
    assert stopped_now_line(130, 0, 3) == ("stopped now (exit status 130); 3 finished job(s) not yet delivered "
                                           "kept in the journal for the next start")
    assert stopped_now_line(130, 2, 0) == ("stopped now (exit status 130); 2 unfinished job(s) kept in the "
                                           "journal for the next start")
    assert stopped_now_line(130, None, 0) == "stopped now (exit status 130)"


async def test_a_painting_not_handed_over_yet_is_counted_and_said(tmp_path, monkeypatch, caplog):
    """One painting handed over, one done and not yet waited for, one job painting, one waiting: the
    stop now's line says 2 unfinished and 1 finished not delivered, as the journal has them."""
    caplog.set_level(logging.WARNING, logger="bot")
    s = settings(tmp_path, workers_hq=0, drain_timeout=0.2)
    q = await started(s)
    exited = asyncio.Event()
    loop = asyncio.get_running_loop()

    def exit_(status: int):                 # (the timer's later call, on its thread, finds it done)
        if not exited.is_set():
            loop.call_soon_threadsafe(exited.set)

    monkeypatch.setattr(stop_signals.os, "_exit", exit_)
    try:
        handed = make_job("u0")                     # painted and handed over: not counted
        await q.submit(handed)
        assert (await q.wait(handed.id)).ok and q.finished_undelivered() == 0
        done = make_job("u1")
        await q.submit(done)
        await until(lambda: q.futures[done.id].done())         # painted; nobody has waited for it
        painting, waiting = make_job("u2", "sleep:30"), make_job("u3")
        await q.submit(painting)
        await q.submit(waiting)
        await until(lambda: q.workers[0].job_id == painting.id)
        assert (q.finished_undelivered(), kept_for_next_start([q]), undelivered_for_next_start([q])) == (1, 2, 1)
        journaled = {job.id: state for job, state, _ in q.journal.undelivered()}
        assert journaled == {done.id: "done", painting.id: "running", waiting.id: "queued"}

        signals = StopSignals(asyncio.Event())
        signals.kill_workers_at_stop_now(q)
        signals(15)
        signals(15)
        await asyncio.wait_for(exited.wait(), 5)
        [line] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("stopped now")]
        assert line == ("stopped now (exit status 143); 2 unfinished job(s) and 1 finished job(s) not yet "
                        "delivered kept in the journal for the next start"), line
    finally:
        await q.stop()
    assert q.finished_undelivered() == 1        # the others' waits were called off by the stop: not finished
    journal = Journal(s.queue_db)
    try:
        assert done.id in {job.id for job, *_ in journal.undelivered()}     # the next start delivers it
    finally:
        journal.close()


def test_queues_without_the_count_or_a_journal_add_nothing():
    class NoJournal:
        journal = None

        def finished_undelivered(self) -> int:
            return 5

    class Failing:
        journal = object()

        def finished_undelivered(self) -> int:
            raise RuntimeError("closed")

    class Journaled:
        journal = object()

        def finished_undelivered(self) -> int:
            return 2

    assert undelivered_for_next_start([NoJournal()]) == 0
    assert undelivered_for_next_start([Journaled(), Journaled()]) == 4
    assert undelivered_for_next_start([Journaled(), Failing()]) == 0      # unknown: no count at all
    assert undelivered_for_next_start([]) == 0


def test_a_journal_in_memory_keeps_nothing_for_the_next_start(tmp_path):
    """QUEUE_DB=:memory: (the queue's journal, but in memory): a stop now loses its jobs with the
    process, and its lines said they were kept in the journal for the next start."""
    def queue(queue_db: str) -> SimpleNamespace:
        return SimpleNamespace(journal=object(), settings=SimpleNamespace(queue_db=queue_db),
                               status=lambda: {"running": 1, "waiting": 2}, finished_undelivered=lambda: 1)

    on_disk, in_memory = queue(str(tmp_path / "queue.sqlite3")), queue(":memory:")
    assert (kept_for_next_start([on_disk]), undelivered_for_next_start([on_disk])) == (3, 1)
    assert (kept_for_next_start([in_memory]), undelivered_for_next_start([in_memory])) == (None, 0)
    assert (kept_for_next_start([on_disk, in_memory]), undelivered_for_next_start([on_disk, in_memory])) == (3, 1)
    assert left_at_stop_now(in_memory) == "are lost (QUEUE_DB=:memory: keeps no journal for the next start)"
    assert "next start" in left_at_stop_now(on_disk) and "lost" not in left_at_stop_now(on_disk)
    real = ProcessQueue(settings(tmp_path, queue_db=":memory:"))    # the queue's own names for it
    try:
        assert not journal_outlives(real)
    finally:
        real.journal.close()
    real = ProcessQueue(settings(tmp_path))
    try:
        assert journal_outlives(real)
    finally:
        real.journal.close()
