"""One host: a worker whose painting froze in code that lets go of the GIL (a stuck driver or
decoder) beat on from its beat thread, so the supervisor took it for a slow live job, and its user
waited for the job's timeout (JOB_TIMEOUT_HQ: half an hour) and the kill grace. The painting now
stamps each step (progress, cancel checks); a worker whose painting has not moved for FROZEN_S
beats no more, the supervisor kills it after WORKER_SILENT_S as frozen, and its job is retried."""
import asyncio
import os
import signal

from tests.queue.conftest import make_job
from tests.queue.test_process import settings, started, until

FACTORY = "tests.queue.test_frozen_pipe:make_engine"


def make_engine(device=None):
    """The fake engine, in a worker whose frozen bound is TEST_FROZEN_S (the shipped one is minutes)."""
    import engine.worker
    from tests.queue.fakes import FakeEngine

    # the one bound of both kinds of worker (the Redis one: test_frozen_painting)
    engine.worker.FROZEN_S = float(os.environ.get("TEST_FROZEN_S", 120))
    return FakeEngine()


async def test_a_worker_frozen_mid_painting_beats_no_more_and_its_job_is_retried(tmp_path, monkeypatch):
    marker = tmp_path / "stalled"
    monkeypatch.setenv("TEST_FROZEN_S", "3")
    monkeypatch.setenv("FAKE_ENGINE_STALL_AFTER", "0")      # hangs in its first painting, no cancel check
    monkeypatch.setenv("FAKE_ENGINE_STALL_MARKER", str(marker))
    q = await started(settings(tmp_path, engine_factory=FACTORY, worker_silent_s=3, job_timeout_hq=120,
                               workers_hq=0, drain_timeout=1))
    try:
        job = make_job("u", "quick", method="gatys")      # an /hq painting: its steps stamp
        await q.submit(job)
        await until(lambda: q.workers[0].job_id == job.id and marker.exists(), 30)
        monkeypatch.delenv("FAKE_ENGINE_STALL_AFTER")       # the restarted worker paints
        proc = q.workers[0].proc
        result = await asyncio.wait_for(q.wait(job.id), 40)   # not JOB_TIMEOUT_HQ and the kill grace
        assert result.ok, result
        assert q.workers[0].restarts == 1
        assert proc.returncode == -signal.SIGKILL
    finally:
        await q.stop()
