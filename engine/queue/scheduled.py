"""The part of a queue that lives with the bot: journal, fair scheduler, limits, status, results.

``ScheduledQueue`` implements the ``JobQueue`` interface; a subclass only says how a job reaches an
engine (``process.ProcessQueue``: supervised worker processes on this host;
``redis_streams.RedisQueue``: workers on other hosts). The subclass calls back ``_progress``,
``_complete`` and ``_worker_died`` as jobs move.
"""
from __future__ import annotations

import asyncio
import dataclasses
import logging
import math
import sqlite3
import time

from ..jobs import Job, JobResult, refused_file, with_file_bytes
from . import metrics as m
from .base import JobStatus, ProgressCallback
from .engine_setup import EngineSetup
from .journal import Journal
from .oom_killed import after_oom_kill, photo_size_of
from .scheduler import FairScheduler, ServiceTimes
from .settings import QueueSettings

log = logging.getLogger("engine.queue")

PRUNE_AFTER_S = 7 * 86400   # delivered jobs kept this long in the journal (a re-delivery needs them)
PRUNE_EVERY_S = 6 * 3600
KILL_GRACE = 10.0          # seconds after a timeout's cancel before the worker is killed
JOURNAL_RETRY = 5.0        # seconds between tries to write journal entries that failed
OUTCOME_STATE = {"cancelled": "cancelled", "dead_letter": "dead"}
STOP_TASKS_S = 5.0         # how long a stop waits for its loops to end after cancelling them
RESTART_NOTICE_S = 5.0     # how long a stop waits for the lines of the jobs it holds over to say so
CUT_OFF_NOTICE_S = 1.0     # how long a stop now (a second Ctrl-C) waits for the paintings it cuts off to say so
OVERRUN_STEP = 5.0         # seconds: a waiting job's ETA grows by this much at a time behind an overrunning job


class QueueUnavailable(Exception):
    """A job could not be handed to the engines because their transport is down (Redis): it goes
    back to the head of its line, without a traceback in the log."""


class _Watcher:
    """One ``wait(job_id, on_status)``: its callback and the status it was told last. The lock keeps
    the wait's own updates and a stop's notice (``_tell_restart``) in order, and one of each."""

    def __init__(self, on_status: ProgressCallback) -> None:
        self.on_status = on_status
        self.last: JobStatus | None = None
        self.lock = asyncio.Lock()


class ScheduledQueue:
    kill_grace = KILL_GRACE
    journal_retry = JOURNAL_RETRY

    def __init__(self, settings: QueueSettings | None = None, journal: Journal | None = None) -> None:
        self.settings = settings or QueueSettings()
        self.journal = journal or Journal(self.settings.queue_db)
        self.sched = FairScheduler(told_per_user=self.settings.max_pending_per_user)
        self.times = ServiceTimes()
        self.jobs: dict[str, Job] = {}                 # open jobs: waiting or running
        self.admitting: dict[str, Job] = {}            # admitted, their journal write under way
        self.states: dict[str, JobStatus] = {}
        self.futures: dict[str, asyncio.Future] = {}
        self.watchers: dict[str, list[_Watcher]] = {}  # job id -> the on_status of each wait on it
        self.running: dict[str, float] = {}            # job id -> monotonic start
        self.timed_out: set[str] = set()
        # running jobs their user cancelled: a painting that comes back all the same (the fast
        # path does not stop half-way) is not delivered after "Cancelled", nor is a crash retried
        self.cancelled: set[str] = set()
        self.rejected: dict[str, JobResult] = {}
        self.recovered_jobs: list[Job] = []
        self.crashes: dict[str, int] = {}              # job id -> worker crashes it caused
        self._behind: list[tuple] = []                 # journal writes not done yet, in order
        self._behind_tried = 0.0
        self._writing: asyncio.Task | None = None      # the task making the writes in _behind
        self._journal_failing = False
        self._stopping = False
        self._cut_off = False                          # a stop now cut off the paintings under way
        self._flushed = False                          # a stop made its last journal writes: none after
        self._wake: asyncio.Event | None = None
        self._pruned = 0.0                             # when delivered jobs last left the journal
        self._tasks: list[asyncio.Task] = []
        self._ops = None                               # the /healthz + /metrics server, if any
        # the engines' set-up (engine_setup.py): lanes served since the start, engines failing theirs
        self.engine_setup = EngineSetup(slots=self._slots)

    # -- what a subclass provides --------------------------------------------------------------
    def _free_slots(self, lane: str) -> int:
        raise NotImplementedError

    def _slots(self, lane: str) -> int:
        raise NotImplementedError

    async def _start_job(self, job: Job) -> None:
        raise NotImplementedError

    async def _cancel_running(self, job_id: str) -> None:
        raise NotImplementedError

    async def _kill_running(self, job_id: str) -> None:
        """Stop a job that ignored its timeout (the process queue kills its worker)."""

    def _silent_for(self, job_id: str) -> float | None:
        """Seconds the engine painting a job has said nothing (its workers beat while they paint);
        None when not known here (the Redis queue watches its workers' beats itself)."""
        return None

    async def _restart_silent(self, job_id: str, seconds: float) -> None:
        """The engine painting ``job_id`` went silent: kill it so that its end goes the way of a
        crash (``_worker_died``: the job is retried, or dead-lettered after queue_max_attempts)."""

    def _available(self, lane: str) -> bool:
        """Whether an engine serves ``lane`` now; when not, waiting jobs say so to their user."""
        return True

    def _online(self, lane: str) -> bool:
        """Whether ``lane`` is painted now: an engine serves it, and not every one of its engines
        is failing to start (a GPU gone since: the waiting users read that the painter is offline)."""
        return self._available(lane) and not self.engine_setup.down(lane, self._slots(lane))

    def _started_at(self, job_id: str) -> float | None:
        """When an engine began painting a running job (its timeout counts from then); None while
        it was only handed over (Redis: it waits in the stream for a free worker)."""
        return self.running.get(job_id)

    def _painting_on(self, lane: str) -> list[str]:
        """The jobs the engines serving ``lane`` are painting, of whichever lane (a worker that
        serves both takes /hq jobs too)."""
        return self._painting(lane)

    def _painting(self, lane: str) -> list[str]:
        return [j for j in self.running if self.jobs[j].lane == lane and self._started_at(j) is not None]

    def _handed(self, lane: str) -> list[str]:
        """Jobs of a lane handed over but not started yet, the oldest first."""
        return sorted((j for j in self.running if self.jobs[j].lane == lane and self._started_at(j) is None),
                      key=lambda j: self.running[j])

    def _resume_running(self, job: Job) -> bool:
        """After a restart: True if a job journaled as running is still running elsewhere."""
        return False

    # -- JobQueue ------------------------------------------------------------------------------
    async def start(self) -> None:
        self._wake = asyncio.Event()
        loop = asyncio.get_running_loop()
        for job, state, crashes in await self.journal.off_loop.undelivered():
            self.recovered_jobs.append(job)
            self.futures[job.id] = loop.create_future()
            if state in ("queued", "running"):
                self.jobs[job.id] = job
                self.crashes[job.id] = crashes
                if state == "running" and self._resume_running(job):
                    self.running[job.id] = time.monotonic()
                    self.states[job.id] = JobStatus(job.id, "running", position=0)
                else:
                    await self.journal.off_loop.set_state(job.id, "queued")
                    self.sched.push(job.lane, job.user_id, job.id)
                    self.states[job.id] = JobStatus(job.id, "queued")
            else:
                self.futures[job.id].set_result(await self.journal.off_loop.result(job.id))
        if self.recovered_jobs:
            log.info("resuming %d job(s) from the journal (painted again where unfinished)", len(self.recovered_jobs))
        await self._prune()
        self._tasks = [asyncio.create_task(self._dispatch_loop()), asyncio.create_task(self._tick_loop())]
        self._wake.set()
        if self.settings.metrics_port and self._ops is None:
            self._ops = await m.serve_ops(self, self.settings.metrics_host, self.settings.metrics_port)
            log.info("/healthz and /metrics on port %d", self.settings.metrics_port)

    async def stop(self) -> None:
        self._stopping = True
        await self._tell_restart()    # all held over now: the waiting ones, and those a drain cut off
        if self._wake is not None:
            self._wake.set()          # the loops end on their own even if a cancel is lost (below)
        for t in self._tasks:
            t.cancel()
        # a bounded wait: a hand-over whose cancel redis-py lost runs on until its socket timeout,
        # up to 2 minutes for a big photo (link.PAYLOAD_TIMEOUT_MAX_S), past docker's stop grace
        # period, and the journal below would never be flushed
        done, late = await asyncio.wait(self._tasks, timeout=STOP_TASKS_S) if self._tasks else (set(), set())
        for t in done:
            if not t.cancelled():
                t.exception()                  # retrieved: an error of a stopping loop is no news
        if late:
            log.warning("%d queue task(s) did not stop within %.0f s; stopping without them", len(late), STOP_TASKS_S)
        self._tasks = []
        if self._ops is not None:
            await self._ops.cleanup()
            self._ops = None
        for fut in self.futures.values():      # waiters of a stopping bot get nothing; the journal keeps it
            if not fut.done():
                fut.cancel()
        if self._writing is not None:          # not cancelled: a write under way finishes on its thread anyway
            await asyncio.gather(self._writing, return_exceptions=True)
        if self._behind:                       # one last try, as the task that makes them (so only one runs)
            self._writing = asyncio.get_running_loop().create_task(self._catch_up())
            if not await self._writing:
                log.error("%d journal write(s) could not be made before the stop: their jobs run again, or "
                          "their results are delivered again, after the next start", len(self._behind))
        self._flushed = True                   # the journal closes next

    async def tell_cut_off(self, within: float = CUT_OFF_NOTICE_S) -> None:
        """A stop now (a second Ctrl-C during the drain) cuts off the paintings under way: the
        journal keeps them for the next start, and their users are told so, as those of the
        waiting jobs were at the stop ("restarting, your photo is kept"), for at most ``within`` s."""
        self._stopping = self._cut_off = True
        await self._tell_restart(within)

    async def recovered(self) -> list[Job]:
        """Jobs submitted before this start whose results were not handed over yet: the bot
        calls ``wait`` on each and delivers the result to ``job.chat_id``."""
        return list(self.recovered_jobs)

    async def submit(self, job: Job) -> JobStatus:
        with_file_bytes(job)          # once: the journal, Redis and the size checks see its bytes
        refused = refused_file(job)   # not bytes still: neither the journal nor Redis could hold it
        if refused is not None:
            self.rejected[job.id] = refused
            return JobStatus(job.id, "failed")
        busy = self._busy(job)
        if busy is not None:
            reason, minutes = busy
            m.JOBS_REJECTED.labels(reason).inc()
            self.rejected[job.id] = JobResult(job.id, False, error_key="busy",
                                              error_params={"minutes": minutes, "reason": reason})
            return JobStatus(job.id, "failed")
        # the slot is held from the check on, so that submits arriving together cannot all pass it
        # while their journal writes await; a write that fails gives it back
        self.admitting[job.id] = job
        try:
            await self.journal.off_loop.add(job)   # durable before the caller hears "queued"
        finally:
            del self.admitting[job.id]
        self.jobs[job.id] = job
        self.futures[job.id] = asyncio.get_running_loop().create_future()
        if self._stopping:            # a stop began during the write: held over as the others (it
            self.futures[job.id].cancel()     # may have cancelled theirs already; the journal keeps it)
        self.states[job.id] = JobStatus(job.id, "queued")
        self.sched.push(job.lane, job.user_id, job.id)
        self._gauges()
        self._wake.set()
        return self._status_of(job.id)

    async def wait(self, job_id: str, on_status: ProgressCallback | None = None) -> JobResult:
        if job_id in self.rejected:
            return self.rejected.pop(job_id)
        fut = self.futures.get(job_id)
        if fut is None:
            result = await self.journal.off_loop.result(job_id)
            if result is None:
                return JobResult(job_id, False, error_key="unknown_job")
            await self._journal(self.journal.delivered, job_id)
            return result
        watcher = _Watcher(on_status) if on_status else None
        if watcher is not None:
            self.watchers.setdefault(job_id, []).append(watcher)
        try:
            while not fut.done():
                if watcher is not None:
                    await self._tell(job_id, watcher)
                await asyncio.wait([fut], timeout=0.5)
            if watcher is not None and fut.cancelled() and self._held_over(job_id):
                # held over by a stop that cancelled its future before this wait began (its first
                # line was still being sent): it hears of the restart as the earlier waits did
                await self._tell(job_id, watcher)
        finally:
            if watcher is not None:
                self.watchers[job_id].remove(watcher)
                if not self.watchers[job_id]:
                    del self.watchers[job_id]
        if self._flushed and not fut.cancelled():
            # finished by the stop's drain, but this wait began after the stop's last journal
            # writes (its first line was still being sent): its delivery cannot be journaled, so
            # it is delivered after the restart, once, instead of now and again then
            raise asyncio.CancelledError
        result = fut.result()
        self.futures.pop(job_id, None)
        self.states.pop(job_id, None)
        # journaled as delivered (its result first) before the caller has it, as long as the
        # journal can be written: a result is delivered again after a restart only in an outage
        await self._journal(self.journal.delivered, job_id)
        return result

    async def cancel(self, job_id: str) -> bool:
        if self.sched.remove(job_id):
            self._finish(job_id, JobResult(job_id, False, error_key="cancelled"))
            return True
        if job_id in self.running:
            self.cancelled.add(job_id)
            await self._cancel_running(job_id)
            return True
        return False

    async def cancel_user(self, user_id: str) -> int:
        ids = self.sched.user_waiting(user_id)
        ids += [j for j in self.running if self.jobs[j].user_id == user_id]
        return sum([await self.cancel(j) for j in ids])

    async def forget_user(self, user_id: str) -> int:
        """/forgetme: cancel the user's jobs and drop all of theirs from the journal (their photos,
        results and styles), instead of keeping them until the weekly prune."""
        cancelled = await self.cancel_user(user_id)
        job_ids = await self.journal.off_loop.forget_user(user_id)
        await self._forget_jobs(job_ids)
        return cancelled

    async def _forget_jobs(self, job_ids: list[str]) -> None:
        """What the backend keeps of these jobs outside the journal (Redis: their photos and
        paintings), deleted for /forgetme. Nothing here: the worker processes keep nothing."""

    def note(self, job_id: str, **meta) -> None:
        """Something the bot needs to finish a job after a restart (where its progress line is),
        added to the job's meta in the journal. Never raises: a note is a nicety."""
        job = self.jobs.get(job_id)
        if job is None or self._flushed:       # a line sent after the stop: the journal is closed
            return
        job.meta = {**(job.meta or {}), **meta}
        self._journal(self.journal.set_job, job_id, job)

    def status(self) -> dict:
        lanes = {lane: {"waiting": self.sched.waiting(lane) + len(self._handed(lane)),
                        "running": len(self._painting(lane)),
                        "slots": self._slots(lane), "mean_seconds": round(self.times.mean[lane], 3),
                        "online": self._online(lane)}
                 for lane in self.sched.lanes}
        return {"waiting": sum(v["waiting"] for v in lanes.values()),
                "running": sum(v["running"] for v in lanes.values()),
                "mean_seconds": round(self.times.mean["fast"], 3), "lanes": lanes}

    def finished_undelivered(self) -> int:
        """Jobs finished whose results no wait has handed over yet (paintings, and answers such as
        out_of_memory): the journal keeps them, and the next start delivers them. Counted in
        memory, as status() counts (a stop now's last line: no I/O). Finished ones only, where
        Journal.undelivered lists the waiting and running jobs too."""
        return sum(1 for fut in self.futures.values() if fut.done() and not fut.cancelled())

    def health(self) -> dict:
        """For /healthz: ``ok``, and ``problems``, one line each (empty when ok), with ``status()``."""
        problems = ["the bot is stopping"] if self._stopping else []
        return {"ok": not problems, "problems": problems, **self.status()}

    # -- internals -----------------------------------------------------------------------------
    def _eta(self, lane: str, position: int) -> float:
        return (position // max(1, self._slots(lane)) + 1) * self.times.mean[lane] + self._overrun(lane)

    def _overrun(self, lane: str) -> float:
        """How much later than the lane's mean time its next engine frees up: nothing while one is
        free or one of its jobs is within the mean; else the job nearest its end (the least overrun)
        is counted as needing at least as long again as it overran (a job twice its mean takes a
        mean more), in OVERRUN_STEP steps rounded up, so that a waiting line grows with a job that
        runs long (or hangs until its timeout) instead of saying "about 1 s" for minutes, and its
        status changes at most once a step (each change is an edit of the user's line). A painting
        of the other lane (a worker that paints both) is timed by its own lane's mean, and until
        then its time left counts: a fast job behind a 2 min /hq painting grew 5 s at a time from
        the fast mean on, which the bot says as "the painting ahead is taking longer than
        expected" (bot.time_left.WaitLeft) while that painting ran on time."""
        painting = self._painting_on(lane)
        if not painting or self._free_slots(lane) > 0:
            return 0.0
        now = time.monotonic()

        def later(job_id: str) -> float:
            ran, own = now - (self._started_at(job_id) or now), self.times.mean[self.jobs[job_id].lane]
            if self.jobs[job_id].lane != lane and ran < own:
                return own - ran             # its time left
            return ran - own                 # its overrun (below 0: within its mean)

        over = min(later(j) for j in painting)
        return math.ceil(over / OVERRUN_STEP) * OVERRUN_STEP if over > 0 else 0.0

    def _busy(self, job: Job) -> tuple[str, int] | None:
        s = self.settings
        if self._stopping:
            return "stopping", 1
        mine = self.sched.user_waiting(job.user_id)
        held = (len(mine) + sum(1 for j in self.running if self.jobs[j].user_id == job.user_id)
                + sum(1 for j in self.admitting.values() if j.user_id == job.user_id))
        if held >= s.queue_max_per_user:
            pos = min((self.sched.position(j) or 0) for j in mine) if mine else 0
            return "user", max(1, math.ceil(self._eta(job.lane, pos) / 60))
        waiting = self.sched.waiting() + len(self.admitting)
        if waiting >= s.queue_max_waiting:
            return "global", max(1, math.ceil(self._eta(job.lane, self.sched.waiting(job.lane)) / 60))
        return None

    def _status_of(self, job_id: str) -> JobStatus:
        st = self.states.get(job_id)
        if st is None:
            fut = self.futures.get(job_id)
            done = fut is not None and fut.done() and not fut.cancelled()
            return JobStatus(job_id, ("done" if fut.result().ok else "failed") if done else "done")
        if self._stopping and self._held_over(job_id):
            return JobStatus(job_id, "queued", waiting_for="restart")
        if st.state == "queued":
            lane = self.jobs[job_id].lane
            pos = (self.sched.position(job_id) or 0) + len(self._handed(lane))    # behind those handed over
            if not self._online(lane):
                return JobStatus(job_id, "queued", position=pos, waiting_for="engine")
            return JobStatus(job_id, "queued", position=pos, eta_seconds=round(self._eta(lane, pos), 1))
        if st.state == "running":
            lane = self.jobs[job_id].lane
            if not self._online(lane):
                if not st.progress:                # handed over, but nobody paints
                    return JobStatus(job_id, "queued", position=0, waiting_for="engine")
                # begun, then the engine went out of reach (Redis away): the painting may go on
                # out there, but its progress is not heard of until it is back
                return JobStatus(job_id, "running", position=0, progress=st.progress, waiting_for="engine")
            started = self._started_at(job_id)
            if started is None:                 # handed over, waiting for a free worker
                pos = self._handed(lane).index(job_id)
                return JobStatus(job_id, "queued", position=pos, eta_seconds=round(self._eta(lane, pos), 1))
            left = max(0.0, self.times.mean[lane] - (time.monotonic() - started))
            return JobStatus(job_id, "running", position=0, progress=st.progress, eta_seconds=round(left, 1))
        return JobStatus(**vars(st))

    def _held_over(self, job_id: str) -> bool:
        """While stopping: whether a job waits for the next start (journaled, not painted before
        the stop) rather than painting: waiting, handed over but not begun, or cut off by a drain
        or by a stop now (every job then)."""
        return job_id in self.jobs and (self._cut_off or self._started_at(job_id) is None)

    async def _tell(self, job_id: str, watcher: _Watcher) -> None:
        """Tell one wait its job's status, unless it was told that already."""
        async with watcher.lock:
            status = self._status_of(job_id)
            if status == watcher.last:
                return
            watcher.last = status
            try:
                res = watcher.on_status(status)
                if asyncio.iscoroutine(res):
                    await res
            except Exception:
                log.exception("on_status callback failed for %s", job_id)

    async def _tell_restart(self, within: float = RESTART_NOTICE_S) -> None:
        """A stop has begun (``_stopping``): each job it holds over for the next start tells its
        waits so ("queued", waiting_for="restart"), before the front-ends close, instead of its
        place in a line that no longer moves. Waits at most ``within`` s for the callbacks."""
        tells = [self._tell(job_id, w) for job_id, ws in list(self.watchers.items()) if self._held_over(job_id)
                 for w in list(ws)]
        if not tells:
            return
        done, late = await asyncio.wait([asyncio.ensure_future(t) for t in tells], timeout=within)
        for task in late:
            task.cancel()
        if late:
            log.warning("%d waiting job(s) were not told of the restart within %.0f s", len(late), within)

    def _gauges(self) -> None:
        for lane in self.sched.lanes:
            m.QUEUE_DEPTH.labels(lane).set(self.sched.waiting(lane))
            m.RUNNING.labels(lane).set(sum(1 for j in self.running if self.jobs[j].lane == lane))

    async def _dispatch_loop(self) -> None:
        # not `while True`: redis-py (8.2) can swallow the cancel of a task waiting on a reply (a
        # hand-over to Redis in _start_job), and stop() would then wait for ever
        while not self._stopping:
            await self._wake.wait()
            self._wake.clear()
            if self._stopping:
                return
            for lane in self.sched.lanes:
                while not self._stopping and self._free_slots(lane) > 0:    # a stop starts no more
                    job_id = self.sched.pop(lane)
                    if job_id is None:
                        break
                    job = self.jobs[job_id]
                    self._journal(self.journal.set_state, job_id, "running")
                    self.running[job_id] = time.monotonic()
                    self.states[job_id] = JobStatus(job_id, "running", position=0)
                    m.JOB_WAIT.labels(lane).observe(max(0.0, time.time() - job.created))
                    try:
                        await self._start_job(dataclasses.replace(job, time_limit=self._limit(job.lane)))
                    except QueueUnavailable:
                        self._requeue(job_id)
                        break
                    except Exception:
                        log.exception("could not start job %s; re-queued", job_id)
                        self._requeue(job_id)
                        await asyncio.sleep(0.5)
                        break
            self._gauges()

    async def _prune(self) -> None:
        """Delivered jobs (their photos, results) leave the journal after PRUNE_AFTER_S."""
        self._pruned = time.monotonic()
        try:
            await self.journal.off_loop.prune(PRUNE_AFTER_S)
        except sqlite3.Error as exc:
            log.warning("pruning the journal failed (%s); tried again in %.0f h", exc, PRUNE_EVERY_S / 3600)

    async def _tick_loop(self) -> None:
        ticked = time.monotonic()
        while not self._stopping:             # see _dispatch_loop
            await asyncio.sleep(0.5)
            now = time.monotonic()
            # this loop itself came late (the bot's event loop was held up): what the workers said
            # meanwhile may not be read yet, so no worker is judged silent on this round
            late, ticked = now - ticked > 2.0, now
            if now - self._pruned > PRUNE_EVERY_S:
                await self._prune()
            for job_id in list(self.running):
                job, started = self.jobs.get(job_id), self._started_at(job_id)
                if job is None or started is None:       # not painting yet: no timeout runs
                    continue
                silent = None if late else self._silent_for(job_id)
                if silent is not None and silent >= self.settings.worker_silent_s:
                    await self._restart_silent(job_id, silent)    # a crash: retried, not "took too long"
                    continue
                limit = self._limit(job.lane)
                if now - started > limit and job_id not in self.timed_out:
                    log.warning("job %s ran past its %.0f s timeout; cancelling", job_id, limit)
                    self.timed_out.add(job_id)
                    await self._cancel_running(job_id)
                elif now - started > limit + self.kill_grace and job_id in self.running:
                    if silent is not None and silent >= self.kill_grace:
                        # not heard from since its cancel: the engine froze (near its timeout, or
                        # with a timeout below WORKER_SILENT_S), not a job too big: a crash, retried
                        log.error("job %s ignored its cancel and its worker is silent; restarting it", job_id)
                        await self._restart_silent(job_id, silent)
                        continue
                    log.error("job %s ignored its cancel; stopping it", job_id)
                    self._finish(job_id, JobResult(job_id, False, error_key="timeout",
                                                   error_params={"seconds": int(limit)}))
                    await self._kill_running(job_id)
            if self._behind and now - self._behind_tried >= self.journal_retry:
                self._write_behind()
            self._wake.set()

    def _limit(self, lane: str) -> float:
        return self.settings.job_timeout_hq if lane == "hq" else self.settings.job_timeout_fast

    def _progress(self, job_id: str, p: float) -> None:
        st = self.states.get(job_id)
        if st is not None and st.state == "running":
            st.progress = float(p)

    def _complete(self, result: JobResult) -> None:
        """A result came back from an engine; a second result for the same job is ignored."""
        if result.job_id not in self.running:
            return
        job = self.jobs[result.job_id]
        if result.error_key == "cancelled" and result.job_id in self.timed_out:
            limit = self._limit(job.lane)
            result = JobResult(result.job_id, False, error_key="timeout",
                               error_params={"seconds": int(limit)}, seconds=result.seconds)
        if result.ok:
            self.times.add(job.lane, result.seconds or (time.monotonic() - self.running[result.job_id]))
            if result.job_id in self.cancelled:
                result = JobResult(result.job_id, False, error_key="cancelled", seconds=result.seconds)
        self._finish(result.job_id, result)

    def _requeue(self, job_id: str) -> None:
        job = self.jobs[job_id]
        self.running.pop(job_id, None)
        self.timed_out.discard(job_id)          # a retry gets its own timeout
        self._journal(self.journal.set_state, job_id, "queued")
        self.states[job_id] = JobStatus(job_id, "queued")
        self.sched.push(job.lane, job.user_id, job_id, front=True)
        self._wake.set()

    async def _worker_killed_for_memory(self, job_id: str, likely: bool = False) -> None:
        """``_worker_died`` for a job whose worker died as the kernel's out-of-memory killer kills
        (oom_killed.py), its photo's size, which sizes the retry, read on a thread first: every
        chat waits for what the event loop reads (a 20 MB HEIC's header: 0.3 s). ``likely``: no
        oom_kill counter could confirm it (engine.oom_evidence), which its lines say."""
        job, size = self.jobs.get(job_id), None
        if job is not None and job_id in self.running and job_id not in self.cancelled and not self._stopping:
            size = await asyncio.to_thread(photo_size_of, job)     # (else no retry: nothing to size)
        self._worker_died(job_id, oom_killed=True, photo_size=size, likely=likely)

    def _worker_died(self, job_id: str, clean: bool = False, oom_killed: bool = False,
                     photo_size: tuple[int, int] | None = None, likely: bool = False) -> None:
        """The engine running ``job_id`` went away: retry it, or dead-letter it after
        ``queue_max_attempts`` crashes. ``clean``: the worker drained on SIGTERM, not the job's fault.
        ``oom_killed``: it died as the kernel's out-of-memory killer kills (oom_killed.py): retried
        smaller, and answered out_of_memory rather than dead_letter; ``photo_size``, its photo's,
        sizes that (_worker_killed_for_memory reads it off the loop; without it, it is read here);
        ``likely``: that kill is not confirmed by a counter."""
        if job_id not in self.running:
            return
        if job_id in self.cancelled:            # its user no longer wants it: no retry, nor after a restart
            self._finish(job_id, JobResult(job_id, False, error_key="cancelled"))
            return
        if self._stopping:                      # bot shutting down: the journal keeps it as running
            self.running.pop(job_id, None)
            return
        if clean:
            log.info("job %s re-queued after its worker drained", job_id)
            self._requeue(job_id)
            return
        m.WORKER_CRASHES.inc()
        # Counted here too, so a job that keeps killing workers is dead-lettered even while
        # the journal cannot be written; the journal's count survives a restart.
        crashes = self.crashes[job_id] = self.crashes.get(job_id, 0) + 1
        self._journal(self.journal.crashed, job_id)
        if oom_killed:
            self._retry_smaller(job_id, crashes, photo_size or photo_size_of(self.jobs[job_id]), likely)
        elif crashes >= self.settings.queue_max_attempts:
            log.error("job %s killed its worker %d times: dead-letter", job_id, crashes)
            self._finish(job_id, JobResult(job_id, False, error_key="dead_letter",
                                           error_params={"attempts": crashes}))
        else:
            log.warning("job %s lost with its worker (crash %d); retrying", job_id, crashes)
            self._requeue(job_id)

    def _retry_smaller(self, job_id: str, crashes: int, size: tuple[int, int], likely: bool = False) -> None:
        """A job whose worker was killed for memory (its photo ``size``): painted again at a smaller
        size, the one the journal keeps (a restart does not go back to the size that killed it), or answered."""
        outcome = after_oom_kill(self.jobs[job_id], crashes, self.settings.queue_max_attempts, size, likely)
        if isinstance(outcome, JobResult):
            self._finish(job_id, outcome)
            return
        if outcome is not self.jobs[job_id]:
            self.jobs[job_id] = outcome
            self._journal(self.journal.set_job, job_id, outcome)
        self._requeue(job_id)

    def _finish(self, job_id: str, result: JobResult) -> None:
        job = self.jobs.pop(job_id, None)
        self.running.pop(job_id, None)
        self.timed_out.discard(job_id)
        self.cancelled.discard(job_id)
        self.states.pop(job_id, None)
        self.crashes.pop(job_id, None)
        state = "done" if result.ok else OUTCOME_STATE.get(result.error_key, "failed")
        self._journal(self.journal.finish, result, state)    # the waiter gets it even if this waits
        if job is not None:
            m.JOB_LATENCY.labels(job.lane).observe(max(0.0, time.time() - job.created))
            m.JOBS_FINISHED.labels(job.lane, "ok" if result.ok else (result.error_key or "failed")).inc()
        fut = self.futures.get(job_id)
        if fut is not None and not fut.done():
            fut.set_result(result)
        self._gauges()
        if self._wake is not None:
            self._wake.set()

    # -- journal writes that must not stop the queue -------------------------------------------
    def _journal(self, write, *args) -> asyncio.Future:
        """Make a journal write of a job under way (a state, a result, a delivery) without letting
        SQLite stop the queue: the write waits in ``_behind``, in order, and one task makes it on
        the journal's thread, while the job goes on in memory and its result reaches its waiter.
        When the file cannot be written (another process holds its write lock, the disk is full),
        the tick loop retries every ``journal_retry`` seconds; once the journal is writable it
        catches up. If the bot stops before that, the journal still shows those jobs as they were:
        queued or running ones run again after the next start, finished but undelivered ones are
        delivered again. Returns a future that is True once the write is made, False as soon as
        the journal cannot be written (the write is made later): what awaits it never waits for
        an outage."""
        made = asyncio.get_running_loop().create_future()
        if self._flushed:                   # a loop that outlived the stop: the journal is closed
            made.set_result(False)
            return made
        self._behind.append((write, args, made))
        if self._journal_failing:           # the tick loop tries again in a while
            made.set_result(False)
        else:
            self._write_behind()
        return made

    def _write_behind(self) -> None:
        """Start the task that writes what is behind, unless it runs already (it takes the new
        writes too: one writer, so they keep their order)."""
        if self._writing is None or self._writing.done():
            self._writing = asyncio.get_running_loop().create_task(self._catch_up())

    async def _catch_up(self) -> bool:
        """Write what is behind, oldest first, on the journal's thread; False if the journal still
        cannot be written (each try waits for at most its busy timeout, journal.BUSY_TIMEOUT)."""
        self._behind_tried = time.monotonic()
        while self._behind:
            write, args, made = self._behind[0]
            try:
                await self.journal.off_loop.call(write, *args)
            except sqlite3.Error as exc:
                if not self._journal_failing:          # one error per outage, not one per try
                    log.error("the job journal cannot be written (%s): jobs go on, and the journal "
                              "catches up when it can", exc)
                self._journal_failing = True
                for *_, waiting in self._behind:
                    if not waiting.done():
                        waiting.set_result(False)
                return False
            except Exception:                  # a bug, not the file: tried again, it would fail for ever
                log.exception("a journal write failed and is dropped: %s", getattr(write, "__name__", write))
                self._behind.pop(0)
                if not made.done():
                    made.set_result(False)
                continue
            self._behind.pop(0)
            if not made.done():
                made.set_result(True)
        if self._journal_failing:
            log.info("the job journal caught up")
            self._journal_failing = False
        return True
