"""In-process queue: jobs run one at a time on a background thread of this process.

The simplest queue that keeps the engine off the event loop. FIFO, no persistence: the
supervised worker process and Redis queues add scheduling, crash recovery and durability.
"""
from __future__ import annotations

import asyncio
import math
import threading
import time
from collections import OrderedDict
from typing import Callable

from ..jobs import LANES, Job, JobResult, refused_file, run_job, with_file_bytes
from .base import JobStatus, ProgressCallback
from .drain_steps import end_steps, steps_end
from .scheduler import ServiceTimes

# what a painting takes before any is timed: AdaIN about 1-2 s, /hq about a minute on a CPU
FIRST_GUESS_S = {"fast": 2.0, "hq": 60.0}
DRAIN_S = 30.0             # a stop lets the painting under way finish this long, then cancels it
TELL_S = 2.0               # and waits this long for the waits it ended to hand their results over
OVERRUN_STEP = 5.0         # a waiting job's ETA grows this much at a time behind an overrunning job


class InProcessQueue:
    def __init__(self, engine_factory: Callable[[], object]):
        self._engine_factory = engine_factory
        self._engine = None
        self._waiting: "OrderedDict[str, Job]" = OrderedDict()
        self._futures: dict[str, asyncio.Future] = {}
        self._status: dict[str, JobStatus] = {}
        self._cancel_flags: dict[str, threading.Event] = {}
        # jobs their user cancelled (a stop sets the flags too, and a painting finished then is
        # delivered); one that comes back painted all the same is not delivered after "Cancelled"
        self._user_cancelled: set[str] = set()
        self._wakeup: asyncio.Event | None = None
        self._task: asyncio.Task | None = None
        self._times = ServiceTimes(FIRST_GUESS_S)     # per lane: an /hq takes 30x an AdaIN painting
        self._running: tuple[Job, float] | None = None   # the job painting now, and since when
        self._stopping = False
        self._waits = 0                                   # wait() calls under way
        self._steps_end: float | None = None              # a stop's: steps (/hq) end by then

    async def start(self) -> None:
        self._wakeup = asyncio.Event()
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        """No journal here: the painting under way may finish (DRAIN_S), and every other job ends
        as refused for the restart ("send it again in a minute"), instead of its user waiting
        for a result that never comes."""
        self._stopping = True
        # an /hq painting under way ends its steps in time to be delivered within the drain
        self._steps_end = steps_end(DRAIN_S)
        if self._engine is not None:
            end_steps(self._engine, self._steps_end)
        if self._running is not None:
            job_id = self._running[0].id
            fut = self._futures.get(job_id)
            if fut is not None:
                await asyncio.wait([fut], timeout=DRAIN_S)
                if not fut.done() and job_id in self._cancel_flags:
                    self._cancel_flags[job_id].set()
                    await asyncio.wait([fut], timeout=5)
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
        self._forget_steps_end()
        for job_id in list(self._futures):
            self._finish(job_id, self._restarting(job_id))
        self._waiting.clear()
        for _ in range(int(TELL_S / 0.05)):       # their replies go out before the front-ends close
            if not self._waits:
                break
            await asyncio.sleep(0.05)

    def _forget_steps_end(self) -> None:
        """The drain is over: its end of steps goes with it. The engine may outlive this queue
        (the bot's shared one, the tests' session engine, a queue started again): kept, every
        later /hq painting on it would end at its first step, the photo barely painted."""
        self._steps_end = None      # first: an engine being built now then finds no end to take
        if self._engine is not None:
            end_steps(self._engine, None)

    @staticmethod
    def _restarting(job_id: str) -> JobResult:
        return JobResult(job_id, False, error_key="busy", error_params={"minutes": 1, "reason": "stopping"})

    async def submit(self, job: Job) -> JobStatus:
        with_file_bytes(job)                            # a buffer its caller reuses is painted as it was
        answer = self._restarting(job.id) if self._stopping else refused_file(job)
        if answer is not None:                          # never queued: wait() hands the answer over
            fut = asyncio.get_running_loop().create_future()
            fut.set_result(answer)
            self._futures[job.id] = fut
            return JobStatus(job.id, "failed")
        self._waiting[job.id] = job
        self._futures[job.id] = asyncio.get_running_loop().create_future()
        self._cancel_flags[job.id] = threading.Event()
        status = JobStatus(job.id, "queued", position=len(self._waiting) - 1)
        self._status[job.id] = status
        self._wakeup.set()
        return self._current_status(job.id)

    async def wait(self, job_id: str, on_status: ProgressCallback | None = None) -> JobResult:
        fut = self._futures[job_id]
        last = None
        self._waits += 1
        try:
            while not fut.done():
                status = self._current_status(job_id)
                if on_status and status != last:
                    res = on_status(status)
                    if asyncio.iscoroutine(res):
                        await res
                    last = status
                await asyncio.wait([fut], timeout=0.5)
        finally:
            self._waits -= 1
        self._futures.pop(job_id, None)
        self._status.pop(job_id, None)
        return fut.result()

    async def cancel(self, job_id: str) -> bool:
        flag = self._cancel_flags.get(job_id)
        if flag is None:
            return False
        flag.set()
        self._user_cancelled.add(job_id)
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
        """As the process queue gives it: counts and a typical time per lane (one job at a time
        here, so one slot), the fast lane's also as the queue's ``mean_seconds``."""
        running = self._running[0].lane if self._running else None
        lanes = {lane: {"waiting": sum(j.lane == lane for j in self._waiting.values()),
                        "running": int(running == lane), "slots": 1,
                        "mean_seconds": round(self._times.mean[lane], 3)} for lane in LANES}
        return {"waiting": len(self._waiting), "running": int(running is not None),
                "mean_seconds": round(self._times.mean["fast"], 3), "lanes": lanes}

    # -- internals -------------------------------------------------------------------------
    _running_user: str | None = None

    def _eta(self, job_id: str) -> float:
        """Until a waiting job is painted: what is left of the running one, then each job
        before it and itself, each at its own lane's typical time (FIFO, one at a time). A
        running job past its lane's typical time counts as needing as long again as it overran,
        in OVERRUN_STEP steps (as the process queue's _overrun): the ETA stopped at the others'
        sum for as long as it ran, and now grows, which the bot says as the painting ahead
        taking longer than expected (bot.time_left.WaitLeft)."""
        eta = 0.0
        if self._running is not None:
            job, started = self._running
            left = self._times.mean[job.lane] - (time.monotonic() - started)
            eta = left if left >= 0 else math.ceil(-left / OVERRUN_STEP) * OVERRUN_STEP
        for waiting_id, job in self._waiting.items():
            eta += self._times.mean[job.lane]
            if waiting_id == job_id:
                break
        return eta

    def _current_status(self, job_id: str) -> JobStatus:
        status = self._status.get(job_id) or JobStatus(job_id, "done")
        if status.state == "queued":
            pos = list(self._waiting).index(job_id) if job_id in self._waiting else 0
            status = JobStatus(job_id, "queued", position=pos, eta_seconds=round(self._eta(job_id), 1))
        return JobStatus(**vars(status))

    def _finish(self, job_id: str, result: JobResult) -> None:
        fut = self._futures.get(job_id)
        if fut and not fut.done():
            fut.set_result(result)
        self._cancel_flags.pop(job_id, None)
        self._user_cancelled.discard(job_id)

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while not self._stopping:                 # a stop starts no more
            if not self._waiting:
                self._wakeup.clear()
                await self._wakeup.wait()
                continue
            job_id, job = self._waiting.popitem(last=False)
            status = self._status[job_id]
            status.state, status.position = "running", 0
            self._running_user = job.user_id
            self._running = (job, time.monotonic())
            flag = self._cancel_flags[job_id]

            def progress(p: float, status=status) -> None:
                status.progress = p

            start = time.perf_counter()
            result = await loop.run_in_executor(None, self._run_one, job, progress, flag.is_set)
            if result.ok:            # a cancelled or refused job says nothing of a painting's time
                self._times.add(job.lane, time.perf_counter() - start)
                if job_id in self._user_cancelled:
                    result = JobResult(job_id, False, error_key="cancelled", seconds=result.seconds)
            elif result.error_key == "cancelled" and self._stopping and job_id not in self._user_cancelled:
                # cut off by the stop's drain, not by its user: "Cancelled." would say they asked
                # for it; it is refused for the restart as the waiting jobs are (send it again)
                result = self._restarting(job_id)
            self._running_user, self._running = None, None
            self._finish(job_id, result)

    def _run_one(self, job: Job, progress, cancelled) -> JobResult:
        if self._engine is None:
            self._engine = self._engine_factory()
            # set before this look: a stop either finds the engine or is found here
            if self._steps_end is not None:     # a stop came while the engine was being built
                end_steps(self._engine, self._steps_end)
        return run_job(self._engine, job, progress=progress, cancel=cancelled)
