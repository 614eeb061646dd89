"""A `kill -9` of a one-host engine worker while it paints was taken as an out-of-memory kill: the
painting came back smaller with "the server was low on memory" (or, after two, out_of_memory), and
the log said "its worker was killed for memory" before the cause, "worker fast-0 ended with signal
SIGKILL". Now Linux's oom_kill counter (engine.oom_evidence; here a fake memory.events named by
ENGINE_OOM_KILL_COUNTERS) decides: unchanged, a plain crash, painted again at its size; grown, out
of memory as before; none to read, likely out of memory, said so. The kill's line comes first."""
import asyncio
import logging
import os
import signal

from bot.painted_size import painted_smaller
from tests.queue.test_oom_killed_retry import hungry_settings, painted_size, photo_job
from tests.queue.test_process import started, until


def said(caplog, job_id: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING
            and (job_id in r.getMessage() or "ended with" in r.getMessage())]


async def killed_while_painting(tmp_path, monkeypatch, caplog, kills_counted: int | None):
    """A job of 256 px painted until the test kills its worker with SIGKILL (after counting
    ``kills_counted`` in the fake memory.events: None, no counter at all); the retry paints.
    Returns the job, its result and the WARNING lines."""
    caplog.set_level(logging.WARNING)
    marker, counters = tmp_path / "frozen", tmp_path / "memory.events"
    counters.write_text("oom 0\noom_kill 0\n")
    monkeypatch.setenv("HUNGRY_ENGINE_FITS", "1000")                  # it fits: only the test kills it
    monkeypatch.setenv("HUNGRY_ENGINE_FREEZE_MARKER", str(marker))    # the first painting hangs
    monkeypatch.setenv("ENGINE_OOM_KILL_COUNTERS", "" if kills_counted is None else str(counters))
    q = await started(hungry_settings(tmp_path))
    try:
        job = photo_job(256, 256)
        await q.submit(job)
        await until(lambda: q.workers[0].job_id == job.id and marker.exists())
        if kills_counted:
            counters.write_text(f"oom 1\noom_kill {kills_counted}\n")
        os.kill(q.workers[0].pid, signal.SIGKILL)
        result = await asyncio.wait_for(q.wait(job.id), 30)
        return job, result, said(caplog, job.id), q.journal.job(job.id).max_side
    finally:
        await q.stop()


async def test_a_kill_9_that_no_counter_saw_is_a_crash_painted_at_its_size(tmp_path, monkeypatch, caplog):
    job, result, lines, journaled = await killed_while_painting(tmp_path, monkeypatch, caplog, 0)
    assert painted_size(result) == (256, 256) and journaled == 256
    assert painted_smaller(job.image, result.image, job.max_side) is None      # no "low on memory" note
    ended, lost = lines
    assert ended.startswith("worker fast-0 (pid ") and ended.endswith(
        f"ended with signal SIGKILL (not the out-of-memory killer: memory.events oom_kill unchanged) while "
        f"painting job {job.id}; restarting"), ended
    assert lost == f"job {job.id} lost with its worker (crash 1); retrying", lines
    assert not any("memory at" in line for line in lines), lines


async def test_a_kill_the_counter_saw_is_out_of_memory_painted_smaller(tmp_path, monkeypatch, caplog):
    job, result, lines, journaled = await killed_while_painting(tmp_path, monkeypatch, caplog, 1)
    assert painted_size(result) == (181, 181) and journaled == 181
    assert painted_smaller(job.image, result.image, job.max_side) == (181, 256)
    ended, smaller = lines                                     # the cause, then what becomes of the job
    assert ended.endswith(f"ended with signal SIGKILL (the out-of-memory killer: memory.events oom_kill went "
                          f"from 0 to 1) while painting job {job.id}; restarting"), ended
    assert smaller == (f"job {job.id} ran out of memory at max_side 256: painting it again at half the pixels, "
                       "max_side 181"), lines


async def test_without_a_counter_a_kill_is_likely_out_of_memory_and_said_so(tmp_path, monkeypatch, caplog):
    job, result, lines, journaled = await killed_while_painting(tmp_path, monkeypatch, caplog, None)
    assert painted_size(result) == (181, 181) and journaled == 181          # as before the counters
    ended, smaller = lines
    assert ended.endswith(f"ended with signal SIGKILL (likely out of memory: no oom_kill counter to tell) while "
                          f"painting job {job.id}; restarting"), ended
    assert smaller.startswith(f"job {job.id} likely ran out of memory at max_side 256: painting it again"), lines


def test_the_answer_of_a_job_out_of_tries_says_likely_too(caplog):
    """The job's last kill with no counter to tell: its answer's line says "likely" as its retries'."""
    from engine.queue.oom_killed import after_oom_kill

    caplog.set_level(logging.WARNING, logger="engine.queue")
    job = photo_job(256, 256)
    answer = after_oom_kill(job, 2, 2, (256, 256), likely=True)
    assert answer.error_key == "out_of_memory", answer
    [line] = [r.getMessage() for r in caplog.records]
    assert line.startswith(f"job {job.id} likely ran out of memory at max_side 256: no tries left"), line
