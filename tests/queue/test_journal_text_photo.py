"""A job whose photo was given as a str (the Python API: a path is never read as a job's photo)
was journaled as text, and the next start's resume failed on it (bytes() of a str): the whole
journal, every other job's resume with it. It is resumed as it was, and answered bad_option."""
from __future__ import annotations

from engine.jobs import run_job
from engine.queue.journal import Journal
from tests.queue.conftest import make_job
from tests.queue.fakes import FakeEngine


def test_a_photo_given_as_text_does_not_stop_the_resume(tmp_path):
    path = str(tmp_path / "queue.sqlite3")
    journal = Journal(path)
    text, fine = make_job("u"), make_job("v")
    text.image = "/a/path.jpg"
    journal.add(text)
    journal.add(fine)
    journal.close()
    again = Journal(path)
    try:
        resumed = {job.id: job for job, _, _ in again.undelivered()}
    finally:
        again.close()
    assert resumed[fine.id].image == fine.image
    assert resumed[text.id].image == "/a/path.jpg"
    assert run_job(FakeEngine(), resumed[text.id]).error_key == "bad_option"
