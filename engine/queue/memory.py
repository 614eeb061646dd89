"""In-process queue: jobs run one at a time on a background thread of this process.

The simplest queue that keeps the engine off the event loop. FIFO, no persistence: the
supervised worker process and Redis queues add scheduling, crash recovery and durability.
"""
from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from typing import Callable

from ..jobs import Job, JobResult, run_job
from .base import JobStatus, ProgressCallback


class InProcessQueue:
    def __init__(self, engine_factory: Callable[[], object]):
        self._engine_factory = engine_factory
        self._engine = None
        self._waiting: "OrderedDict[str, Job]" = OrderedDict()
        self._futures: dict[str, asyncio.Future] = {}
        self._status: dict[str, JobStatus] = {}
        self._cancel_flags: dict[str, threading.Event] = {}
        self._wakeup: asyncio.Event | None = None
        self._task: asyncio.Task | None = None
        self._service_times: list[float] = []

    async def start(self) -> None:
        self._wakeup = asyncio.Event()
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    async def submit(self, job: Job) -> JobStatus:
        self._waiting[job.id] = job
        self._futures[job.id] = asyncio.get_running_loop().create_future()
        self._cancel_flags[job.id] = threading.Event()
        status = JobStatus(job.id, "queued", position=len(self._waiting) - 1)
        self._status[job.id] = status
        self._wakeup.set()
        return status

    async def wait(self, job_id: str, on_status: ProgressCallback | None = None) -> JobResult:
        fut = self._futures[job_id]
        last = None
        while not fut.done():
            status = self._current_status(job_id)
            if on_status and status != last:
                res = on_status(status)
                if asyncio.iscoroutine(res):
                    await res
                last = status
            await asyncio.wait([fut], timeout=0.5)
        self._futures.pop(job_id, None)
        self._status.pop(job_id, None)
        return fut.result()

    async def cancel(self, job_id: str) -> bool:
        flag = self._cancel_flags.get(job_id)
        if flag is None:
            return False
        flag.set()
        if self._waiting.pop(job_id, None) is not None:
            self._finish(job_id, JobResult(job_id, False, error_key="cancelled"))
        return True

    async def cancel_user(self, user_id: str) -> int:
        ids = [j.id for j in self._waiting.values() if j.user_id == user_id]
        ids += [s.job_id for s in self._status.values() if s.state == "running"
                and self._running_user == user_id]
        return sum([await self.cancel(i) for i in set(ids)])

    async def forget_user(self, user_id: str) -> int:
        """/forgetme: this queue keeps nothing once a job is over, so cancelling is all."""
        return await self.cancel_user(user_id)

    def status(self) -> dict:
        return {"waiting": len(self._waiting), "running": int(self._running_user is not None),
                "mean_seconds": self._mean_service()}

    # -- internals -------------------------------------------------------------------------
    _running_user: str | None = None

    def _mean_service(self) -> float:
        recent = self._service_times[-20:]
        return sum(recent) / len(recent) if recent else 2.0

    def _current_status(self, job_id: str) -> JobStatus:
        status = self._status.get(job_id) or JobStatus(job_id, "done")
        if status.state == "queued":
            pos = list(self._waiting).index(job_id) if job_id in self._waiting else 0
            status = JobStatus(job_id, "queued", position=pos, eta_seconds=(pos + 1) * self._mean_service())
        return JobStatus(**vars(status))

    def _finish(self, job_id: str, result: JobResult) -> None:
        fut = self._futures.get(job_id)
        if fut and not fut.done():
            fut.set_result(result)
        self._cancel_flags.pop(job_id, None)

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            if not self._waiting:
                self._wakeup.clear()
                await self._wakeup.wait()
                continue
            job_id, job = self._waiting.popitem(last=False)
            status = self._status[job_id]
            status.state, status.position = "running", 0
            self._running_user = job.user_id
            flag = self._cancel_flags[job_id]

            def progress(p: float, status=status) -> None:
                status.progress = p

            start = time.perf_counter()
            result = await loop.run_in_executor(None, self._run_one, job, progress, flag.is_set)
            self._service_times.append(time.perf_counter() - start)
            self._running_user = None
            self._finish(job_id, result)

    def _run_one(self, job: Job, progress, cancelled) -> JobResult:
        if self._engine is None:
            self._engine = self._engine_factory()
        return run_job(self._engine, job, progress=progress, cancel=cancelled)
