"""The lines oom_killed.py writes for a job whose worker was killed for memory, shared by the
one-host queue (scheduled.py) and the Redis worker. Its last line said "ran out of memory N
time(s)" with N its failed tries of any kind: a job whose first worker froze (killed by its
supervisor, not for memory) and whose second ran out of memory read as out of memory twice. No
engine, no Redis: the functions on a Job."""
import logging

from engine.jobs import Job, StyleRef
from engine.queue.oom_killed import after_oom_kill
from tests.queue.fakes import tiny_png


def job(max_side: int) -> Job:
    return Job(user_id="u", chat_id="c-u", image=tiny_png(side=max_side), styles=[StyleRef("artist", "quick")],
               max_side=max_side)


def said(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_the_answer_names_its_failed_tries_as_such_not_as_memory_kills(caplog):
    caplog.set_level(logging.WARNING, logger="engine.queue")
    answer = after_oom_kill(job(256), crashes=2, max_attempts=2, size=(256, 256))
    assert answer.error_key == "out_of_memory"
    [line] = said(caplog)
    assert line.startswith(f"job {answer.job_id} ran out of memory at max_side 256: no tries left"), line
    assert "2 failed in all" in line and "2 time(s)" not in line, line


def test_a_retry_says_its_size_in_the_words_of_the_kill_and_counts_nothing(caplog):
    caplog.set_level(logging.WARNING, logger="engine.queue")
    smaller = after_oom_kill(job(256), crashes=1, max_attempts=2, size=(256, 256))
    assert smaller.max_side == 181
    smallest = after_oom_kill(job(64), crashes=1, max_attempts=2, size=(64, 64))
    assert smallest.max_side == 64
    first, second = said(caplog)
    assert first.endswith("ran out of memory at max_side 256: painting it again at half the pixels, max_side 181")
    assert second.endswith("ran out of memory at max_side 64, the smallest it can be painted at: painting it "
                           "again at that size")
