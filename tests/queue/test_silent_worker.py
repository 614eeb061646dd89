"""Workers beat while they paint; one that goes silent (frozen: SIGSTOP, a stuck driver, or stuck
holding the GIL) is killed as crashed and its job retried. A fast worker frozen mid-job left its
user at "painting… 0%" until the timeout, then told them "took too long… try a smaller size",
and lost the job; a slow job that is alive still beats, and keeps its plain timeout."""
import asyncio
import logging
import os
import signal

from tests.queue.conftest import make_job
from tests.queue.test_process import settings, started, until


def _spy_ops(worker) -> list:
    """The ops of the messages the supervisor gets from ``worker``."""
    ops, handle = [], worker._handle

    def spy(msg):
        ops.append(msg.get("op"))
        return handle(msg)
    worker._handle = spy
    return ops


def _thaw(proc) -> None:
    """A frozen worker the test left behind goes on (and the stop's drain then ends it)."""
    if proc is not None and proc.returncode is None:
        try:
            os.kill(proc.pid, signal.SIGCONT)
        except ProcessLookupError:
            pass


async def _frozen_mid_job(q, marker, monkeypatch):
    """Hand the fast worker a job it stalls in (FAKE_ENGINE_STALL_AFTER=0), freeze it mid-job
    with SIGSTOP, and let the worker started after it paint normally. Returns (job, its process)."""
    job = make_job("u", "quick")
    await q.submit(job)
    await until(lambda: q.workers[0].job_id == job.id and marker.exists())
    monkeypatch.delenv("FAKE_ENGINE_STALL_AFTER")        # the next worker's environment: no stall
    proc = q.workers[0].proc
    os.kill(proc.pid, signal.SIGSTOP)
    return job, proc


async def test_a_frozen_worker_is_restarted_and_its_job_retried(tmp_path, monkeypatch, caplog):
    caplog.set_level(logging.WARNING, logger="engine.supervisor")
    marker = tmp_path / "stalled"
    monkeypatch.setenv("FAKE_ENGINE_STALL_AFTER", "0")
    monkeypatch.setenv("FAKE_ENGINE_STALL_MARKER", str(marker))
    q = await started(settings(tmp_path, worker_silent_s=3, job_timeout_fast=60, drain_timeout=1))
    proc = None
    try:
        job, proc = await _frozen_mid_job(q, marker, monkeypatch)
        result = await asyncio.wait_for(q.wait(job.id), 3 + 12)     # WORKER_SILENT_S, and a restart
        assert result.ok, result
        assert q.workers[0].restarts == 1
        assert proc.returncode == -signal.SIGKILL
        assert any("fast-0 silent for" in r.getMessage() and job.id in r.getMessage() for r in caplog.records)
    finally:
        _thaw(proc)
        await q.stop()


async def test_a_worker_frozen_near_its_timeout_is_a_crash_not_a_timeout(tmp_path, monkeypatch):
    """Frozen with less than WORKER_SILENT_S left before its timeout: at the end of the kill grace it
    has not said a word since its cancel. The engine's fault: retried, not "try a smaller size"."""
    marker = tmp_path / "stalled"
    monkeypatch.setenv("FAKE_ENGINE_STALL_AFTER", "0")
    monkeypatch.setenv("FAKE_ENGINE_STALL_MARKER", str(marker))
    # The timeout leaves room to freeze the worker before it: under load (18 on 2 cores, the suite
    # beside helpers) finding the marker and sending SIGSTOP took over 2 s, and a worker still
    # awake at its timeout answers the cancel itself: a plain timeout, which this test is not about.
    q = await started(settings(tmp_path, worker_silent_s=60, job_timeout_fast=6, drain_timeout=1))
    q.kill_grace = 3
    proc = None
    try:
        job, proc = await _frozen_mid_job(q, marker, monkeypatch)
        result = await asyncio.wait_for(q.wait(job.id), 6 + 3 + 12)
        assert result.ok, result
        assert proc.returncode == -signal.SIGKILL
    finally:
        _thaw(proc)
        await q.stop()


async def test_a_slow_job_that_reports_no_progress_keeps_beating_and_is_not_killed(tmp_path):
    """"deaf:S" says nothing until it is done (as the fast path): its worker's beats keep it alive."""
    q = await started(settings(tmp_path, worker_silent_s=3))
    try:
        ops = _spy_ops(q.workers[0])
        job = make_job("u", "deaf:5")                # silent 5 s, past WORKER_SILENT_S: only its beats keep it
        await q.submit(job)
        result = await asyncio.wait_for(q.wait(job.id), 30)
        assert result.ok, result
        assert q.workers[0].restarts == 0
        assert ops.count("beat") >= 2
    finally:
        await q.stop()


async def test_a_live_job_that_hangs_still_gets_the_plain_timeout(tmp_path):
    """"hang" ignores its cancel but its worker is alive (beating): it is stopped at the end of the
    kill grace with "timeout", as before, and not retried as a crash."""
    q = await started(settings(tmp_path, worker_silent_s=3, job_timeout_fast=2, queue_max_attempts=3))
    q.kill_grace = 2.5
    try:
        ops = _spy_ops(q.workers[0])
        job = make_job("u", "hang")
        await q.submit(job)
        result = await asyncio.wait_for(q.wait(job.id), 30)
        assert result.error_key == "timeout" and result.error_params == {"seconds": 2}
        assert ops.count("beat") >= 2
    finally:
        await q.stop()
