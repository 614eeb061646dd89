"""`engine worker`'s parent (Redis mode) took any SIGKILL of its child that it did not send as an
out-of-memory kill: it marked the child's jobs, and their next start painted them smaller. Now
Linux's oom_kill counter (engine.oom_evidence; a fake memory.events named by
ENGINE_OOM_KILL_COUNTERS), read before the child starts, decides: unchanged, the jobs are not
marked (taken over as after any crash, at their size) and the restart is not a memory restart;
grown, marked as before; none to read, marked, said "likely" (by the take-over too). No Redis but
in the last test: the parent on its own."""
import asyncio
import logging
import os
import signal
import sys

import pytest

from engine.redis_worker_parent import MEMORY_RESTARTS_ENV, WorkerParent
from tests.queue.test_redis import stop
from tests.queue.test_redis_oom_killed import bot, hungry_worker, photo_job
from tests.queue.test_redis_oom_story import lines


def killed_once_while_painting(tmp_path, count_the_kill: bool) -> list[str]:
    """A child that notes the memory restarts its parent counted, says it paints j1 and is killed
    (SIGKILL) at its first start, counting the kill in memory.events first when ``count_the_kill``
    (as the kernel counts the out-of-memory killer's); the next start ends at once."""
    return [sys.executable, "-c",
            "import os, signal, sys\n"
            "from pathlib import Path\n"
            "starts, seen, events = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])\n"
            "n = int(starts.read_text()) + 1 if starts.exists() else 1\n"
            "starts.write_text(str(n))\n"
            f"seen.write_text((seen.read_text() if seen.exists() else '') + os.environ['{MEMORY_RESTARTS_ENV}'] + ' ')\n"
            "if n == 1:\n"
            "    os.write(int(os.environ['ENGINE_WORKER_REPORT_FD']), b'[\"j1\"]\\n')\n"
            f"    if {count_the_kill}:\n"
            "        events.write_text('oom 1\\noom_kill 1\\n')\n"
            "    os.kill(os.getpid(), signal.SIGKILL)\n",
            str(tmp_path / "starts"), str(tmp_path / "seen"), str(tmp_path / "memory.events")]


def run_parent(tmp_path, monkeypatch, caplog, count_the_kill: bool, counters: bool = True):
    """The parent's exit status, the jobs it marked, its WARNING lines and the memory restarts each
    child was told of."""
    (tmp_path / "memory.events").write_text("oom 0\noom_kill 0\n")
    monkeypatch.setenv("ENGINE_OOM_KILL_COUNTERS", str(tmp_path / "memory.events") if counters else "")
    marked = []
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    try:
        with caplog.at_level(logging.DEBUG, logger="engine.worker"):
            status = WorkerParent(killed_once_while_painting(tmp_path, count_the_kill), dict(os.environ),
                                  lambda ids, likely: marked.append((ids, likely)), "w1", first_wait=0.01,
                                  mark_retry_every=0.05).run()
    finally:
        signal.signal(signal.SIGTERM, before[0])
        signal.signal(signal.SIGINT, before[1])
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    return status, marked, warnings, (tmp_path / "seen").read_text().split()


def test_a_kill_9_no_counter_saw_leaves_the_job_unmarked_to_be_taken_over_at_its_size(tmp_path, monkeypatch, caplog):
    status, marked, warnings, seen = run_parent(tmp_path, monkeypatch, caplog, count_the_kill=False)
    assert status == 0 and marked == []
    [line] = warnings
    assert line.startswith("worker w1's painting process (pid "), line
    assert ("ended with SIGKILL (not the out-of-memory killer: memory.events oom_kill unchanged) while painting "
            "job j1; restarting the process; it is taken over as after any crash, at its size") in line, line
    assert "ran out of memory" not in line, line
    assert seen == ["0", "0"]                                  # not a memory restart in the child's /metrics


def test_a_kill_the_counter_saw_marks_the_job_as_killed_for_memory(tmp_path, monkeypatch, caplog):
    status, marked, warnings, seen = run_parent(tmp_path, monkeypatch, caplog, count_the_kill=True)
    assert status == 0 and marked == [(["j1"], False)]
    [line] = warnings
    assert line.startswith("job j1 ran out of memory (worker w1's painting process, pid "), line
    assert "was killed by SIGKILL; memory.events oom_kill went from 0 to 1): restarting the process" in line, line
    assert seen == ["0", "1"]


def test_without_a_counter_the_kill_is_marked_and_said_likely(tmp_path, monkeypatch, caplog):
    status, marked, warnings, seen = run_parent(tmp_path, monkeypatch, caplog, count_the_kill=False, counters=False)
    assert status == 0 and marked == [(["j1"], True)]                    # the mark says "likely" too
    [line] = warnings
    assert line.startswith("job j1 likely ran out of memory (worker w1's painting process, pid "), line
    assert "was killed by SIGKILL; no oom_kill counter to tell)" in line, line
    assert seen == ["0", "1"]


@pytest.mark.slow
async def test_a_likely_kill_is_said_likely_by_the_take_over_and_the_bot_too(redis_url, caplog):
    """No counter to read (tests/conftest.py): the parent said "likely ran out of memory", and the
    take-over's and the bot's lines said "ran out of memory" as if it were known. The mark carries it.
    Real redis-server and `engine worker` (memory_hungry_engine kills its own process)."""
    worker = hungry_worker(redis_url, 200)                # 256 px is killed; 181 px fits
    q = await bot(redis_url)
    try:
        job = photo_job(256, 256)
        with caplog.at_level(logging.INFO, logger="engine.queue"):
            await q.submit(job)
            assert (await asyncio.wait_for(q.wait(job.id), 60)).ok
    finally:
        await q.stop()
        stop([worker])
    said = [line["msg"] for line in lines(worker.stderr.read()) if line["level"] == "WARNING" and job.id in line["msg"]]
    assert len(said) == 2, said                           # the parent's, then the take-over's
    assert said[0].startswith(f"job {job.id} likely ran out of memory (worker w1's painting process"), said
    assert said[1] == (f"job {job.id} likely ran out of memory at max_side 256: painting it again at half the "
                       "pixels, max_side 181"), said
    bot_said = [rec.getMessage() for rec in caplog.records if job.id in rec.getMessage()]
    assert f"job {job.id} likely ran out of memory on its worker; it is painted again smaller" in bot_said, bot_said
