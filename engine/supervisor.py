"""One supervised engine worker process of the one-host queue: start, talk, restart when it dies.

The worker (``python -m engine.worker --pipe``) reads one JSON message per line on stdin and
answers on stdout: ``ready``, ``progress``, ``result``, ``draining``, and a ``beat`` every couple of
seconds while it paints: a worker that says nothing for ``WORKER_SILENT_S`` while painting (frozen,
or stuck in code that holds the GIL) is killed, as if it had crashed, and its job retried (a hang
in code that lets go of the GIL, a stuck GPU driver, beats on until its painting has made no step
for engine.worker.FROZEN_S; then it beats no more, and is killed as frozen too). It runs
in its own session so a Ctrl-C or SIGTERM meant for the bot reaches it only through the bot's
orderly ``drain``.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import sys
import time

from . import oom_evidence
from .held_output import HeldOutput
from .queue import metrics as m
from .queue.wire import dumps, job_to_dict, result_from_dict
from .worker import EXIT_SETUP

log = logging.getLogger("engine.supervisor")

MAX_LINE = 1 << 28
SETUP_RETRY = 30.0         # seconds between tries of a worker whose engine settings are wrong
SETUP_REMIND_S = 300.0     # a worker that still cannot build its engine is said again this often


def _ended(pid: int) -> bool:
    """Whether the child ``pid`` has ended, looked at without reaping it (WNOWAIT: asyncio still
    gets its status); True once asyncio's watcher thread has reaped it but not reported it yet.
    False where it cannot be told (os.waitid: macOS from Python 3.13 only)."""
    if not hasattr(os, "waitid"):
        return False
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


class WorkerProcess:
    # the wait before restarting a crashed worker, doubled at each crash up to the longest, and back
    # to the shortest after a worker that lived ran_well_s (a crash after an hour's work is not a
    # crash loop); per instance, so that tests of crashes need not wait it out
    restart_wait = 0.5
    longest_restart_wait = 30.0
    ran_well_s = 30.0

    def __init__(self, owner, lane: str, index: int, engine_factory: str, device: str | None = None,
                 refine_steps: int = 0):
        self.owner, self.lane, self.index = owner, lane, index
        self.engine_factory, self.device, self.refine_steps = engine_factory, device, refine_steps
        self.proc: asyncio.subprocess.Process | None = None
        self.ready = False
        self.draining = False          # the worker said it is draining (it got SIGTERM)
        self.job_id: str | None = None
        self.restarts = 0
        self.stopping = False
        self.task: asyncio.Task | None = None
        self.setup_failed = False      # its last start ended before "ready", with EXIT_SETUP
        self.ever_ready = False        # it has said "ready" since the bot started
        self.setup_said = 0.0          # when its failing set-up was last said (SETUP_REMIND_S)
        self.output: HeldOutput | None = None      # its stderr, held back until it is ready
        self.heard = time.monotonic()  # when it last said anything (a beat, at least, while it paints)
        self.silenced = False          # killed for its silence; its end is not waited for yet
        self.killed_here = False       # this process was SIGKILLed by its supervisor (kill())
        self.oom_counters: oom_evidence.Counters | None = None    # read as its job began
        # the series exists from the start (at 0), so that rate() and alerts see the first restart
        m.WORKER_RESTARTS.labels(lane)

    @property
    def name(self) -> str:
        return f"{self.lane}-{self.index}"

    @property
    def lanes(self) -> tuple[str, ...]:
        return getattr(self, "lane_names", (self.lane,))     # (fast workers take hq too when it has none)

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    @property
    def oom_kill_counters(self):
        """ENGINE_OOM_KILL_COUNTERS of the queue's settings (.env included); the environment's for
        an owner without settings (a test's stand-in)."""
        settings = getattr(self.owner, "settings", None)
        return oom_evidence.FROM_ENVIRONMENT if settings is None else settings.engine_oom_kill_counters

    @property
    def idle(self) -> bool:
        return self.ready and not self.draining and self.job_id is None and not self.stopping

    async def start(self) -> None:
        self.task = asyncio.create_task(self._supervise())

    async def run(self, job) -> None:
        self.job_id = job.id
        self.heard = time.monotonic()  # its silence counts from the hand-over
        # before it paints: a kill for memory during the job makes them grow (a few sysfs lines)
        self.oom_counters = oom_evidence.snapshot(self.pid, given=self.oom_kill_counters)
        await self._send({"op": "run", "job": job_to_dict(job)})

    async def cancel(self, job_id: str) -> None:
        if self.job_id == job_id:
            await self._send({"op": "cancel", "id": job_id})

    def kill(self) -> None:
        self.ready = False
        # not one already ended whose end asyncio has not reported yet (the OOM killer's victim,
        # judged silent a moment later): that death is not this kill's, and is taken for memory
        if self.proc and self.proc.returncode is None and not _ended(self.proc.pid):
            self.killed_here = True
            self.proc.kill()

    def silent_for(self) -> float | None:
        """Seconds since this worker said anything while painting; None when it paints nothing
        or was killed for its silence already."""
        if self.job_id is None or self.silenced or self.proc is None or self.proc.returncode is not None:
            return None
        return time.monotonic() - self.heard

    def restart_silent(self, seconds: float) -> None:
        """The worker said nothing for ``seconds`` while painting: frozen (SIGSTOP, the machine out
        of memory and swapping) or stuck without letting go of the GIL. Killed, with its job still
        on it, so that its end goes the way of a crash: the job is retried, or dead-lettered after
        QUEUE_MAX_ATTEMPTS."""
        log.warning("worker %s silent for %.0f s while painting job %s; restarting it",
                    self.name, seconds, self.job_id)
        self.silenced = True
        self.kill()

    async def drain(self, timeout: float) -> None:
        """No new jobs; let the running one finish (up to ``timeout``), then end the process.
        ``within``: the worker's painting in steps (/hq) ends them in time to be delivered."""
        self.stopping = True
        if self.proc and self.proc.returncode is None and not self.ready and self.job_id is None:
            # still loading its engine (a stop during the bot's start): it paints nothing, and would
            # read the drain only once loaded, seconds later
            self.kill()
        elif self.proc and self.proc.returncode is None:
            try:
                await self._send({"op": "drain", "within": timeout})
                await asyncio.wait_for(self.proc.wait(), timeout)
            except (asyncio.TimeoutError, ConnectionError, BrokenPipeError):
                log.warning("worker %s did not drain in %.0f s; killing it", self.name, timeout)
                self.kill()
        if self.task:
            try:
                await asyncio.wait_for(self.task, 5)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                self.task.cancel()

    async def _send(self, msg: dict) -> None:
        if self.proc is None or self.proc.stdin is None:
            raise ConnectionError("worker not running")
        self.proc.stdin.write((dumps(msg) + "\n").encode())
        await self.proc.stdin.drain()

    async def _supervise(self) -> None:
        backoff = self.restart_wait
        while not self.stopping:
            cmd = [sys.executable, "-m", "engine.worker", "--pipe", "--lane", self.lane,
                   "--engine-factory", self.engine_factory]
            if self.device:
                cmd += ["--device", self.device]
            if self.refine_steps:
                cmd += ["--refine-steps", str(self.refine_steps)]
            started = time.monotonic()
            self.silenced = self.killed_here = False
            # the level explicitly: the bot may have read LOG_LEVEL from .env, not the environment
            env = dict(os.environ, PYTHONUNBUFFERED="1", LOG_LEVEL=self.owner.settings.log_level,
                       LOG_FORMAT=self.owner.settings.log_format)
            self.proc = await asyncio.create_subprocess_exec(
                *cmd, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE, limit=MAX_LINE, start_new_session=True, env=env)
            self.output = output = HeldOutput(self.proc.stderr)
            if not self.setup_failed:      # tries of a worker that cannot start: one line (below), not two each
                log.info("worker %s started (pid %d)", self.name, self.proc.pid)
            became_ready = False
            if self.stopping:          # the bot stopped while this worker was being spawned
                self.kill()            # (drain found no process to tell): it has no job yet
            try:
                became_ready = await self._read()
            except asyncio.CancelledError:
                self.kill()            # else the wait below would hang on a worker nobody stops
                raise
            except Exception:          # reading itself broke: a fresh worker, not an unread one
                log.exception("reading worker %s failed; restarting it", self.name)
                self.kill()
            finally:
                rc = await self.proc.wait()
                await output.finished()
            self.ready = False
            job_id, self.job_id = self.job_id, None
            clean = self.draining and rc == 0
            self.draining = False
            killed = self._why_killed(rc) if job_id else None
            if not self.stopping and not (rc == EXIT_SETUP and not became_ready):
                # a crash, said before what becomes of its job (the cause, then the consequence)
                output.release()       # (a crash before "ready": its traceback)
                self._say_end(rc, job_id, killed)
            if job_id:
                try:
                    if killed is not None and killed.for_memory:
                        await self.owner._worker_killed_for_memory(job_id, likely=not killed.certain)
                    else:
                        self.owner._worker_died(job_id, clean=clean)
                except Exception:      # the worker is restarted all the same
                    log.exception("handling the end of worker %s's job %s failed", self.name, job_id)
            if self.stopping:
                if not self._stopped_for_setup(became_ready):
                    output.release()
                break
            if rc == EXIT_SETUP and not became_ready:
                # ENGINE_FACTORY / ENGINE_DEVICE is wrong (the worker's own line says which): not a
                # crash to count, and no faster retries
                if await self._setup_failed(output):   # the bot stops for it, saying why
                    while not self.stopping:
                        await asyncio.sleep(0.2)
                    break
                await self._wait_before_restart(SETUP_RETRY)
                continue
            self.restarts += 1
            m.WORKER_RESTARTS.labels(self.lane).inc()
            if time.monotonic() - started >= self.ran_well_s:
                backoff = self.restart_wait
            await self._wait_before_restart(backoff)
            backoff = min(backoff * 2, self.longest_restart_wait)

    async def _wait_before_restart(self, seconds: float) -> None:
        """The wait before a worker's next start (a crash's back-off, SETUP_RETRY), cut short by a
        stop: drain() gives this task 5 s, which a bot stopping during a 30 s wait spent for nothing."""
        until = time.monotonic() + seconds
        while not self.stopping and (left := until - time.monotonic()) > 0:
            await asyncio.sleep(min(left, 0.2))

    def _stopped_for_setup(self, became_ready: bool) -> bool:
        """Whether this worker's end is part of the bot's stop for engines that cannot start: its
        own failure, or (never ready, killed by the stop as it loaded) the same one said by the bot."""
        setup = getattr(self.owner, "engine_setup", None)
        return not became_ready and setup is not None and setup.gave_up

    async def _setup_failed(self, output: HeldOutput) -> bool:
        """This start ended before "ready" with EXIT_SETUP. At the first start, when every worker of
        a lane never served has failed so, the bot is told (engine_setup: it stops with the worker's
        line, exit 2) and True is returned; while another worker of its lane still loads, up to
        SETUP_RETRY s, it waits unsaid for that one's outcome. Otherwise (a GPU gone since, or
        another worker serves its lane) it is tried again every SETUP_RETRY seconds, said once
        (the worker's line and this one) and again every SETUP_REMIND_S, not each try; its lane is
        offline meanwhile when no other worker serves it."""
        why = output.reason()
        first_try = not self.ever_ready and not self.setup_failed
        setup = getattr(self.owner, "engine_setup", None)
        if setup is not None and setup.failed(self.name, self.lanes, why, first_try):
            output.drop()
            return True
        if first_try and setup is not None:
            until = time.monotonic() + SETUP_RETRY
            while setup.undecided(self.lanes) and not self.stopping and time.monotonic() < until:
                await asyncio.sleep(0.2)
            if setup.gave_up:          # another worker's failure stopped the bot: said by it
                output.drop()
                return True
            if self.stopping:          # the bot stops otherwise: its line is said, not waited on
                output.release()
                return True
        now = time.monotonic()
        if not self.setup_failed:
            output.release()
            # why in this line itself: the worker's own line is written by another thread, maybe after it
            log.error("worker %s cannot build its engine: %s; fix ENGINE_FACTORY or ENGINE_DEVICE and restart "
                      "the bot; trying again every %.0f s", self.name, why or "its log says why", SETUP_RETRY)
            self.setup_said = now
        elif now - self.setup_said >= SETUP_REMIND_S:
            output.drop()
            log.error("worker %s still cannot build its engine (%s); trying again every %.0f s", self.name,
                      why or "its log says why", SETUP_RETRY)
            self.setup_said = now
        else:
            output.drop()
        self.setup_failed = True
        return False

    def _why_killed(self, rc: int) -> oom_evidence.Verdict | None:
        """For a process that died as the kernel's out-of-memory killer kills (SIGKILL, which no
        Python error precedes, not sent by kill(): a silent or frozen worker, a drain that ran
        out, an unreadable message are not memory), whether it was: the oom_kill counters read as
        its job began, grown or not (an operator's kill -9, a container runtime's), or unknown
        where none can be read (then taken as likely memory). None for any other end."""
        if rc != -signal.SIGKILL or self.killed_here:
            return None
        return oom_evidence.judge(self.oom_counters)

    def _say_end(self, rc: int, job_id: str | None, killed: oom_evidence.Verdict | None) -> None:
        try:
            how = f"signal {signal.Signals(-rc).name}" if rc < 0 else f"exit code {rc}"
        except ValueError:
            how = f"signal {-rc}"
        if killed is not None:
            how += f" ({killed.words})"
        painting = f" while painting job {job_id}" if job_id else ""
        log.warning("worker %s (pid %d) ended with %s%s; restarting", self.name, self.proc.pid, how, painting)

    async def _read(self) -> bool:
        """Handle the worker's messages until its stdout closes; whether it said "ready"."""
        assert self.proc and self.proc.stdout
        while True:
            try:
                line = await self.proc.stdout.readline()
            except (ValueError, asyncio.LimitOverrunError):
                log.error("worker %s sent an oversized message", self.name)
                self.kill()
                return self.ready
            if not line:
                return self.ready
            self.heard = time.monotonic()
            try:
                msg = json.loads(line)
            except ValueError:
                log.warning("worker %s: not a message: %r", self.name, line[:200])
                continue
            try:
                self._handle(msg)
            except Exception:          # one message's failure must not end this worker's supervision
                log.exception("worker %s: handling a message failed: %.200r", self.name, line)

    def _handle(self, msg: dict) -> None:
        """One message from the worker: ready, draining, progress, result or beat (heard: nothing more)."""
        op = msg.get("op")
        if op == "ready":
            self.ready = self.ever_ready = True
            if self.output is not None:
                self.output.release()              # its start-up lines, held back until now
            setup = getattr(self.owner, "engine_setup", None)
            if setup is not None:
                setup.ready(self.name, self.lanes)
            if self.setup_failed:
                log.info("worker %s started (pid %d) after all", self.name, self.proc.pid)
                self.setup_failed = False
            self.owner._wake.set()
        elif op == "draining":
            self.draining = True
        elif op == "progress" and msg.get("id") == self.job_id:
            self.owner._progress(msg["id"], msg.get("p", 0.0))
        elif op == "result":
            result = result_from_dict(msg["result"])
            if result.job_id == self.job_id:
                self.job_id = None
            self.owner._complete(result)
            self.owner._wake.set()
