"""/forgetme and the journal's files: nothing of a forgotten user stays on disk, not even in the
WAL (queue.sqlite3-wal keeps old copies of pages until a checkpoint)."""
import os
import time

from engine.jobs import JobResult
from engine.queue.journal import Journal
from tests.queue.conftest import make_job


def files_with(folder, needle: bytes) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file() and needle in p.read_bytes())


def test_forget_user_leaves_no_bytes_of_theirs_in_the_journal_files(tmp_path):
    j = Journal(str(tmp_path / "queue.sqlite3"))
    marker = os.urandom(32)                          # in their photo, found nowhere else
    gone = make_job("tg:4242")
    gone.image = gone.image + marker
    j.add(gone)
    j.set_state(gone.id, "running")
    j.finish(JobResult(gone.id, True, image=b"painting" + marker), "done")
    j.delivered(gone.id)
    stays = make_job("tg:7")
    j.add(stays)
    assert files_with(tmp_path, marker) and files_with(tmp_path, b"tg:4242")   # before: on disk

    j.forget_user("tg:4242")
    assert files_with(tmp_path, marker) == []
    assert files_with(tmp_path, b"tg:4242") == []
    assert [r[0] for r in j._x("SELECT user_id FROM jobs")] == ["tg:7"]
    assert j.job(stays.id) is not None
    j.add(make_job("tg:8"))                          # still a working WAL journal
    assert j._x("PRAGMA journal_mode").fetchone()[0] == "wal"
    j.close()


async def test_delivered_jobs_leave_the_journal_after_a_week(tmp_path):
    """The journal holds photos and results: delivered ones go after PRUNE_AFTER_S, at start and
    every PRUNE_EVERY_S; undelivered ones stay whatever their age (their user still waits)."""
    from engine.queue.process import ProcessQueue
    from engine.queue.scheduled import PRUNE_AFTER_S
    from engine.queue.settings import QueueSettings

    path = str(tmp_path / "q.sqlite3")
    journal = Journal(path)
    old, recent, waiting = make_job("a"), make_job("b"), make_job("c")
    for job in (old, recent, waiting):
        journal.add(job)
    for job in (old, recent):
        journal.finish(JobResult(job.id, True, image=b"jpeg"), "done")
        journal.delivered(job.id)
    journal.finish(JobResult(waiting.id, True, image=b"jpeg"), "done")           # not delivered yet
    journal.db.execute("UPDATE jobs SET finished = ? WHERE id IN (?, ?)",
                       (time.time() - PRUNE_AFTER_S - 60, old.id, waiting.id))
    journal.close()
    q = ProcessQueue(QueueSettings(queue_db=path, workers_fast=0, workers_hq=0))
    await q.start()
    await q.stop()
    ids = {row[0] for row in Journal(path).db.execute("SELECT id FROM jobs")}
    assert ids == {recent.id, waiting.id}
