"""/forgetme and the journal's files: nothing of a forgotten user stays on disk, not even in the
WAL (queue.sqlite3-wal keeps old copies of pages until a checkpoint)."""
import os

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
