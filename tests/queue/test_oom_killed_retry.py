"""A worker killed as the kernel's out-of-memory killer kills (SIGKILL its supervisor did not send,
no Python error) took its job with it; the job was retried at the same size, killed again, and
its user got dead_letter. Now it is retried smaller (half the pixels), the journal keeping that
size, and answered out_of_memory / out_of_memory_smallest when it still does not fit. A worker
the supervisor killed itself (frozen) is not one killed for memory: retried at its size."""
import asyncio
import io
import logging
import os
import signal
import threading

from PIL import Image

from engine.jobs import Job, StyleRef
from engine.queue import oom_killed
from tests.queue.fakes import tiny_png
from tests.queue.test_process import settings, started, until

HUNGRY = "tests.queue.memory_hungry_engine:make_engine"


def photo_job(side: int, max_side: int) -> Job:
    return Job(user_id="u", chat_id="c-u", image=tiny_png(side=side), styles=[StyleRef("artist", "quick")],
               max_side=max_side)


def painted_size(result) -> tuple[int, int]:
    assert result.ok, result
    return Image.open(io.BytesIO(result.image)).size


def hungry_settings(tmp_path, **kw):
    return settings(tmp_path, engine_factory=HUNGRY, workers_hq=0, **kw)


async def test_a_job_whose_worker_is_killed_for_memory_is_painted_smaller(tmp_path, monkeypatch, caplog):
    caplog.set_level(logging.WARNING, logger="engine.queue")
    monkeypatch.setenv("HUNGRY_ENGINE_FITS", "200")        # 256 px is killed; 181 px (half the pixels) fits
    q = await started(hungry_settings(tmp_path))
    try:
        job = photo_job(256, 256)
        await q.submit(job)
        result = await asyncio.wait_for(q.wait(job.id), 30)
        assert painted_size(result) == (181, 181)
        assert q.workers[0].restarts == 1
        assert q.journal.job(job.id).max_side == 181
        said = [r.getMessage() for r in caplog.records if job.id in r.getMessage()]
        assert any("max_side 256" in line and "max_side 181" in line for line in said), said
    finally:
        await q.stop()


async def test_when_the_smaller_size_is_killed_too_it_is_out_of_memory_not_dead_letter(tmp_path, monkeypatch):
    monkeypatch.setenv("HUNGRY_ENGINE_FITS", "100")        # 512 and 362 px are both killed
    q = await started(hungry_settings(tmp_path, queue_max_attempts=2))
    try:
        job = photo_job(512, 512)
        await q.submit(job)
        result = await asyncio.wait_for(q.wait(job.id), 30)
        assert (result.error_key, result.error_params) == ("out_of_memory", {"side": 362, "smaller": 256})
        assert q.journal.state(job.id) == "failed"
    finally:
        await q.stop()


async def test_a_job_at_its_smallest_size_is_answered_out_of_memory_smallest(tmp_path, monkeypatch):
    monkeypatch.setenv("HUNGRY_ENGINE_FITS", "0")          # killed at any size
    q = await started(hungry_settings(tmp_path, queue_max_attempts=2))
    try:
        job = photo_job(64, 64)                            # 64 px: cannot be painted smaller
        await q.submit(job)
        result = await asyncio.wait_for(q.wait(job.id), 30)
        assert (result.error_key, result.error_params) == ("out_of_memory_smallest", {"side": 64})
        assert q.workers[0].restarts == 2                  # tried twice at its size: no smaller one
        assert q.journal.job(job.id).max_side == 64
    finally:
        await q.stop()


async def test_a_frozen_worker_the_supervisor_killed_is_retried_at_the_same_size(tmp_path, monkeypatch):
    """Not one killed for memory (the supervisor sent the SIGKILL): the painting keeps its size.
    (A guard on the rule: the old code retried it so too.)"""
    marker = tmp_path / "frozen"
    monkeypatch.setenv("HUNGRY_ENGINE_FITS", "1000")
    monkeypatch.setenv("HUNGRY_ENGINE_FREEZE_MARKER", str(marker))
    q = await started(hungry_settings(tmp_path, worker_silent_s=3, job_timeout_fast=60))
    proc = None
    try:
        job = photo_job(256, 256)
        await q.submit(job)
        await until(lambda: q.workers[0].job_id == job.id and marker.exists())
        proc = q.workers[0].proc
        os.kill(proc.pid, signal.SIGSTOP)                  # no more beats: the supervisor kills it
        result = await asyncio.wait_for(q.wait(job.id), 3 + 15)
        assert proc.returncode == -signal.SIGKILL
        assert painted_size(result) == (256, 256)
        assert q.journal.job(job.id).max_side == 256
    finally:
        if proc is not None and proc.returncode is None:
            os.kill(proc.pid, signal.SIGCONT)
        await q.stop()


async def test_the_journal_keeps_the_smaller_size_over_a_restart(tmp_path, monkeypatch):
    monkeypatch.setenv("HUNGRY_ENGINE_FITS", "200")
    monkeypatch.setenv("HUNGRY_ENGINE_SECONDS", "30")      # the retry is still painting at the stop
    s = hungry_settings(tmp_path, drain_timeout=0.3)
    q = await started(s)
    job = photo_job(256, 256)
    try:
        await q.submit(job)
        await until(lambda: q.journal.job(job.id).max_side == 181 and q.workers[0].job_id == job.id, 20)
    finally:
        await q.stop()
    monkeypatch.setenv("HUNGRY_ENGINE_SECONDS", "0.02")
    q = await started(s)                                   # at 256 px its worker would be killed again
    try:
        assert [j.max_side for j in await q.recovered()] == [181]
        result = await asyncio.wait_for(q.wait(job.id), 30)
        assert painted_size(result) == (181, 181)
    finally:
        await q.stop()


async def test_the_photo_size_that_sizes_the_retry_is_read_off_the_event_loop(tmp_path, monkeypatch):
    """Read on the event loop, a 20 MB HEIC's header held every chat up for 0.3 s, and a hostile
    file's (a PNG of a million empty chunks, a JPEG of millions of markers) for 11-12 s."""
    monkeypatch.setenv("HUNGRY_ENGINE_FITS", "200")
    read_on, read = [], oom_killed.photo_dimensions

    def noting_the_thread(image):
        read_on.append(threading.current_thread())
        return read(image)
    monkeypatch.setattr(oom_killed, "photo_dimensions", noting_the_thread)
    q = await started(hungry_settings(tmp_path))
    try:
        job = photo_job(256, 256)
        await q.submit(job)
        result = await asyncio.wait_for(q.wait(job.id), 30)
        assert painted_size(result) == (181, 181)          # sized by the photo read there
        assert read_on and threading.main_thread() not in read_on, read_on
    finally:
        await q.stop()


async def test_a_cancelled_job_killed_for_memory_is_answered_without_reading_its_photo(tmp_path, monkeypatch):
    """No retry, so nothing to size: a hostile photo's header (seconds, on a thread) is not read."""
    marker = tmp_path / "frozen"
    monkeypatch.setenv("HUNGRY_ENGINE_FITS", "1000")
    monkeypatch.setenv("HUNGRY_ENGINE_FREEZE_MARKER", str(marker))       # hangs, deaf to its cancel
    read = []
    monkeypatch.setattr(oom_killed, "photo_dimensions", lambda image: read.append(image) or (256, 256))
    q = await started(hungry_settings(tmp_path))
    try:
        job = photo_job(256, 256)
        await q.submit(job)
        await until(lambda: q.workers[0].job_id == job.id and marker.exists())
        assert await q.cancel(job.id)
        os.kill(q.workers[0].pid, signal.SIGKILL)          # killed for memory, as far as anyone can tell
        result = await asyncio.wait_for(q.wait(job.id), 30)
        assert result.error_key == "cancelled"
        assert read == []
    finally:
        await q.stop()
