"""The one-host queue (the default): supervised engine worker processes, one lane each.

Jobs are journaled in SQLite (``journal.py``) before ``submit`` returns, scheduled fairly
(``scheduler.py``) and handed to ``engine.supervisor.WorkerProcess``es: ``workers_fast`` for the
fast lane, ``workers_hq`` for /hq, so a long /hq job never blocks a fast one. A worker that dies
is restarted and its job retried; after ``queue_max_attempts`` crashes the job is dead-lettered.
A worker silent for ``worker_silent_s`` while painting (it beats every 2 s) is killed as crashed.
"""
from __future__ import annotations

import logging

from ..jobs import Job
from .scheduled import ScheduledQueue

log = logging.getLogger("engine.queue")

# WORKERS_FAST=0 is allowed (the README: it "leaves fast jobs with no worker"; hq workers never take
# them), but every ordinary painting then waits for ever: said once at the start, with the way out
NO_FAST_WORKER = ("WORKERS_FAST=0: no engine worker paints fast jobs, so every painting but /hq (a photo "
                  "with an artist, a mix, a style of one's own) waits for ever and its user reads that the "
                  "painter is offline; set WORKERS_FAST=1 or more (WORKERS_HQ=0 instead lets fast workers "
                  "take /hq too)")


class ProcessQueue(ScheduledQueue):
    def __init__(self, settings=None, journal=None, engine_factory: str | None = None) -> None:
        super().__init__(settings, journal)
        from ..supervisor import WorkerProcess

        s = self.settings
        factory = engine_factory or s.engine_factory
        self.workers = [WorkerProcess(self, lane, i, factory, s.engine_device, s.engine_refine_steps)
                        for lane, n in (("fast", s.workers_fast), ("hq", s.workers_hq)) for i in range(n)]
        if not any(w.lane == "hq" for w in self.workers):      # no hq worker: fast workers take both
            for w in self.workers:
                w.lane_names = ("fast", "hq")

    def _lane_workers(self, lane: str):
        return [w for w in self.workers if lane in getattr(w, "lane_names", (w.lane,))]

    def _slots(self, lane: str) -> int:
        return len(self._lane_workers(lane))

    def _free_slots(self, lane: str) -> int:
        return sum(1 for w in self._lane_workers(lane) if w.idle)

    async def _start_job(self, job: Job) -> None:
        worker = next(w for w in self._lane_workers(job.lane) if w.idle)
        await worker.run(job)

    def _painting_on(self, lane: str) -> list[str]:
        return [w.job_id for w in self._lane_workers(lane) if w.job_id is not None and w.job_id in self.running]

    def _worker_of(self, job_id: str):
        return next((w for w in self.workers if w.job_id == job_id), None)

    async def _cancel_running(self, job_id: str) -> None:
        w = self._worker_of(job_id)
        if w is not None:
            try:
                await w.cancel(job_id)
            except (ConnectionError, BrokenPipeError):
                pass

    async def _kill_running(self, job_id: str) -> None:
        w = self._worker_of(job_id)
        if w is not None:
            w.job_id = None            # already finished as "timeout": not a crash
            w.kill()

    def _silent_for(self, job_id: str) -> float | None:
        w = self._worker_of(job_id)
        return w.silent_for() if w is not None else None

    async def _restart_silent(self, job_id: str, seconds: float) -> None:
        w = self._worker_of(job_id)
        if w is not None:
            w.restart_silent(seconds)

    async def start(self) -> None:
        await super().start()
        if not self.workers:
            log.warning("no engine workers (WORKERS_FAST=0 and WORKERS_HQ=0): jobs are journaled but "
                        "nothing paints them until a start with workers")
        elif not self._lane_workers("fast"):
            log.warning(NO_FAST_WORKER)
        for w in self.workers:
            await w.start()

    async def stop(self) -> None:
        """SIGTERM path: take no new jobs, let running ones finish (up to ``drain_timeout``);
        unfinished ones stay in the journal and run again after the next start."""
        self._stopping = True
        import asyncio

        # the waiting jobs' users hear of it now, not after the drain
        await asyncio.gather(self._tell_restart(), *(w.drain(self.settings.drain_timeout) for w in self.workers))
        await super().stop()
        self.journal.close()

    def status(self) -> dict:
        st = super().status()
        st["workers"] = [{"name": w.name, "pid": w.pid, "ready": w.ready, "job": w.job_id,
                          "restarts": w.restarts} for w in self.workers]
        return st

    def _available(self, lane: str) -> bool:
        return bool(self._lane_workers(lane))

    def health(self) -> dict:
        """Per lane, as the Redis queue's: one ready worker of another lane paints none of this one's jobs."""
        h = super().health()
        problems = h["problems"]
        if not self.workers:
            problems.append("no engine workers (WORKERS_FAST=0 and WORKERS_HQ=0)")
        for lane, st in h["lanes"].items():
            workers = self._lane_workers(lane)
            if (workers or st["waiting"] or st["running"]) and not any(w.ready for w in workers):
                waiting = st["waiting"]
                problems.append(f"lane {lane}: no worker ready" +
                                (f", {waiting} job{'s' if waiting != 1 else ''} waiting" if waiting else ""))
        h["ok"] = not problems
        return h
