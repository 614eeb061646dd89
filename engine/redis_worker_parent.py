"""`python -m engine worker`'s parent: the Redis worker runs as its child, so that a child the
kernel's out-of-memory killer ends is told apart from any other lost worker.

A worker killed by SIGKILL dies without a word: on its own, the worker that takes its job over sees
only missing beats, paints the job again at the same size, is killed again, and the job is
dead-lettered. The parent waits on its child; when the child dies of a SIGKILL the parent did not
send (while it was not stopping), it marks the jobs the child was painting in Redis
(``redis_streams.mark_killed_for_memory``) and starts the child again under the same name. Whoever
takes those jobs over (its own successor, or another worker) paints them smaller, or answers
out_of_memory once their attempts are spent. Unless Linux's oom_kill counters, read as the child
started, did not grow (engine.oom_evidence: an operator's ``kill -9``, a container runtime's):
then the jobs are not marked, and are taken over as after any crash, at their size. Where no
counter can be read, a SIGKILL is taken as likely out of memory, and said so.

The child tells the parent which jobs it paints through a pipe (``RunningReport``: one JSON list
per line, written as each job's own work begins and ends, run_jobs' begin/end: batch-mates waiting
their turn are not among them), so the parent knows them at the instant of the kill, not at the
next heartbeat. SIGINT and SIGTERM to the parent are passed on as SIGUSR1 (drain)
and, the second time, SIGUSR2 (stop at once): a child that got the signal itself too (a terminal's
Ctrl-C reaches the whole process group, systemd signals the whole cgroup) does not count it twice.
A parent killed with -9 takes its child with it (PR_SET_PDEATHSIG; elsewhere the child looks for
its parent every second), as a worker killed so died before.
"""
from __future__ import annotations

import ctypes
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from typing import Callable

from . import oom_evidence

log = logging.getLogger("engine.worker")

REPORT_FD_ENV = "ENGINE_WORKER_REPORT_FD"      # the child's end of the pipe to its parent
PARENT_PID_ENV = "ENGINE_WORKER_PARENT_PID"    # the parent it must not outlive
AOF_SAID_ENV = "ENGINE_WORKER_AOF_SAID"        # "1": an earlier child said whether Redis runs with AOF
# how often the parent restarted its child after a SIGKILL: the child's /metrics show it, which a
# count kept in the child would not (each restart starts its metrics afresh)
MEMORY_RESTARTS_ENV = "ENGINE_WORKER_MEMORY_RESTARTS"
PR_SET_PDEATHSIG = 1                           # linux/prctl.h
PARENT_POLL_S = 1.0                            # where prctl is missing: how often the child looks
# (None where the platform has none, Windows: there the worker paints in one process, can_supervise)
DRAIN_SIGNAL, STOP_NOW_SIGNAL = getattr(signal, "SIGUSR1", None), getattr(signal, "SIGUSR2", None)
LIVED_LONG_S = 30.0                            # a child that lived this long starts its restarts afresh


def can_supervise() -> bool:
    """Whether `engine worker` can run the worker as its child here: POSIX pipes passed down and
    the two signals it passes a stop on with."""
    return os.name == "posix" and DRAIN_SIGNAL is not None and STOP_NOW_SIGNAL is not None


# -- the child's side ------------------------------------------------------------------------------
class RunningReport:
    """The child's line to its parent: which jobs it paints now. Never blocks the painting: a
    line the pipe cannot take at once (a parent that stopped reading) is dropped."""

    def __init__(self, fd: int | None) -> None:
        self.fd = fd
        if fd is not None:
            os.set_blocking(fd, False)

    @property
    def active(self) -> bool:
        return self.fd is not None

    @classmethod
    def from_environment(cls) -> "RunningReport":
        try:
            return cls(int(os.environ[REPORT_FD_ENV]))
        except (KeyError, ValueError):
            return cls(None)

    def say(self, job_ids: list[str]) -> None:
        if self.fd is None:
            return
        try:
            os.write(self.fd, (json.dumps(list(job_ids)) + "\n").encode())
        except OSError:              # the parent is gone, or its pipe full: it cannot use the line
            pass


    def aof_said(self) -> None:
        """Tell the parent that Redis's AOF setting was looked at and said: its restarted children
        do not say it again (README: one line at start, not one per restart after a kill)."""
        if self.fd is not None:
            try:
                os.write(self.fd, b'{"aof_said": true}\n')
            except OSError:
                pass

    @staticmethod
    def aof_said_before() -> bool:
        """In a restarted child: whether an earlier child of this parent said it."""
        return os.environ.get(AOF_SAID_ENV) == "1"


def memory_restarts() -> int:
    """In a child: how many children of its parent were killed (SIGKILL: out of memory) and
    restarted before it; 0 for a worker without a parent."""
    try:
        return max(0, int(os.environ.get(MEMORY_RESTARTS_ENV, "0")))
    except ValueError:
        return 0


def die_with_parent() -> None:
    """In the child: end with a SIGKILL when the parent dies (PR_SET_PDEATHSIG on Linux, else a
    thread that looks every PARENT_POLL_S), so a parent killed with -9 leaves no worker behind."""
    try:
        parent = int(os.environ[PARENT_PID_ENV])
    except (KeyError, ValueError):
        return
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:           # it died before the prctl: too late for the signal
                os._exit(128 + signal.SIGKILL)
            return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_S)
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


# -- the parent's side ------------------------------------------------------------------------------
def exit_status(returncode: int) -> int:
    """A child's Popen returncode as the parent's exit status: a signal's number as a shell shows it."""
    return 128 - returncode if returncode < 0 else returncode


def stopped_before_listening(returncode: int) -> bool:
    """Whether a child died of a stop's signal: the one the parent passes it on with, or the
    SIGTERM/SIGINT of a stop sent to every process of the service (systemctl stop, a terminal's
    Ctrl-C). Their default action ends a child that does not listen yet (importing its modules:
    it holds no job, nor its name): a clean stop, as a drain."""
    return returncode in (-DRAIN_SIGNAL, -STOP_NOW_SIGNAL, -signal.SIGTERM, -signal.SIGINT)


class WorkerParent:
    """Runs ``argv`` (the worker) as a child, again after each SIGKILL it did not send, with
    ``mark(job_ids, likely)`` called for the jobs the child was painting when killed for memory
    (``likely``: no oom_kill counter confirmed it, engine.oom_evidence)."""

    def __init__(self, argv: list[str], env: dict, mark: Callable[[list[str], bool], None], name: str, *,
                 first_wait: float = 0.5, longest_wait: float = 30.0, mark_grace: float = 8.0,
                 mark_retry_every: float = 0.5, oom_kill_counters=oom_evidence.FROM_ENVIRONMENT) -> None:
        self.argv, self.env, self.mark, self.name = argv, env, mark, name
        self.oom_kill_counters = oom_kill_counters    # ENGINE_OOM_KILL_COUNTERS (QueueSettings, .env included)
        # a mark Redis did not take is tried again while Redis is away, and for REDIS_BEAT_GRACE once it
        # answers: no worker takes the jobs over before that, and after it the mark may come too late
        self.mark_grace, self.mark_retry_every = mark_grace, mark_retry_every
        self.first_wait, self.longest_wait = first_wait, longest_wait   # before a restart: doubled each time
        self.said_idle_kill = False  # "killed while painting nothing" said in this run of kills
        self.child: subprocess.Popen | None = None
        self.stops = 0               # SIGINT/SIGTERM received: 1 drains, 2 stops at once
        self.last_signal = 0
        self.running: list[str] = []  # the jobs the child said it paints, last said
        self.aof_said = False         # a child said whether Redis runs with AOF: the next ones need not
        self.memory_restarts = 0      # children restarted after a SIGKILL, told to each child (its /metrics)
        self.child_starts = 0
        self.oom_counters: oom_evidence.Counters | None = None   # read before the child starts

    def on_signal(self, signum, frame) -> None:
        self.stops += 1
        self.last_signal = signum
        self._pass_on()

    def _pass_on(self) -> None:
        if self.child is None or self.child.poll() is not None or not self.stops:
            return
        try:
            self.child.send_signal(DRAIN_SIGNAL if self.stops == 1 else STOP_NOW_SIGNAL)
        except ProcessLookupError:
            pass

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self.on_signal)
        signal.signal(signal.SIGINT, self.on_signal)
        wait = self.first_wait
        while True:
            started = time.monotonic()
            returncode = self._run_child()
            if self.stops and stopped_before_listening(returncode):
                # the stop came before the child listened for it: it painted nothing, and ends as it asked
                return 0 if self.stops == 1 else 128 + self.last_signal
            if returncode < 0 and returncode != -signal.SIGKILL and not self.stops:
                self._died_of_signal(-returncode)
            if returncode != -signal.SIGKILL or self.stops:
                # its own end (drained, a setting, hung, frozen) or the stop's: the parent's end too
                if self.stops > 1 and returncode != 0:
                    return 128 + self.last_signal
                return exit_status(returncode)
            if time.monotonic() - started > LIVED_LONG_S:
                wait, self.said_idle_kill = self.first_wait, False
            killed = oom_evidence.judge(self.oom_counters)
            self._killed(self.running, wait, killed)
            if not self._sleep_unless_stopped(wait):
                return 0
            if killed.for_memory:     # (the restarts the child's /metrics count as memory's)
                self.memory_restarts += 1
            wait = min(wait * 2, self.longest_wait)

    def _run_child(self) -> int:
        read_end, write_end = os.pipe()
        env = dict(self.env, **{REPORT_FD_ENV: str(write_end), PARENT_PID_ENV: str(os.getpid()),
                                MEMORY_RESTARTS_ENV: str(self.memory_restarts)})
        if self.aof_said:
            env[AOF_SAID_ENV] = "1"
        self.running = []
        # before the child exists (it shares this cgroup): its kill for memory makes them grow
        self.oom_counters = oom_evidence.snapshot(given=self.oom_kill_counters)
        try:
            self.child = subprocess.Popen(self.argv, env=env, pass_fds=(write_end,))
        finally:
            os.close(write_end)
        if self.child_starts == 0:    # the operator's sign that kills are watched for; restarts are said by the kill's line
            log.info("worker %s: watching its painting process (pid %d); an out-of-memory kill restarts it",
                     self.name, self.child.pid)
        self.child_starts += 1
        reader = threading.Thread(target=self._read, args=(read_end,), daemon=True, name="child-report")
        reader.start()
        self._pass_on()              # a signal that came while the child was being started
        returncode = self.child.wait()
        reader.join(5)               # what it said up to its end
        return returncode

    def _read(self, fd: int) -> None:
        with os.fdopen(fd, "rb") as lines:
            for line in lines:
                try:
                    said = json.loads(line)
                except ValueError:
                    continue
                if isinstance(said, list):
                    self.running = [str(job_id) for job_id in said]
                elif isinstance(said, dict) and said.get("aof_said"):
                    self.aof_said = True

    def _died_of_signal(self, signum: int) -> None:
        """The child died of a signal no stop explains (SIGSEGV, SIGABRT, SIGBUS: a crash in native
        code, a driver or a decoder). Not restarted here, unlike a SIGKILL: such a crash may repeat
        at once, and the service manager's restart policy (with its own limits) is the place for
        it; the jobs it painted are taken over after REDIS_BEAT_GRACE, as a crash's."""
        try:
            name = signal.Signals(signum).name
        except ValueError:
            name = f"signal {signum}"
        jobs = ",".join(self.running) or "none"
        log.error("worker %s (pid %d) died of %s (a crash in native code: a driver, a decoder?) while painting "
                  "job(s) %s; engine worker ends too with exit %d: only a SIGKILL (out of memory) is restarted "
                  "here, a crash is left to the service manager's restart policy, and another worker takes the "
                  "job(s) over", self.name, self.child.pid, name, jobs, 128 + signum)

    def _killed(self, job_ids: list[str], wait: float, killed: oom_evidence.Verdict) -> None:
        """The child died of a SIGKILL not sent by this parent: the kernel's out-of-memory killer,
        or (``killed``: its oom_kill counters unchanged) another's kill -9. Restarted after ``wait``
        seconds. A child killed again and again while painting nothing (the out-of-memory killer at
        its model's load) is said once, until one lives LIVED_LONG_S: not a line per try."""
        if not job_ids:
            if not self.said_idle_kill:
                self.said_idle_kill = True
                log.warning("worker %s (pid %d) was killed (SIGKILL: %s) while painting nothing; "
                            "restarting it (again after each such kill, waiting up to %g s between tries; "
                            "said once)", self.name, self.child.pid, killed.words, self.longest_wait)
            else:
                log.debug("worker %s (pid %d) was killed again while painting nothing; restarting it in %.1f s",
                          self.name, self.child.pid, wait)
            return
        one = len(job_ids) == 1
        jobs = f"job {job_ids[0]}" if one else f"jobs {','.join(job_ids)}"
        if not killed.for_memory:    # not marked: taken over as after any crash, at its size
            log.warning("worker %s's painting process (pid %d) ended with SIGKILL (%s) while painting %s; "
                        "restarting the process; %s taken over as after any crash, at %s size", self.name,
                        self.child.pid, killed.words, jobs, "it is" if one else "they are", "its" if one else "their")
            return
        # one WARNING for the kill, once the mark's outcome is known. What becomes of the job is
        # not known here (half the pixels, the same size at its smallest, or out_of_memory once its
        # tries are spent): the worker that takes it over says that (oom_killed.py), in the same words
        ran_out = "ran out of memory" if killed.certain else "likely ran out of memory"
        killed_words = (f"{jobs} {ran_out} (worker {self.name}'s painting process, pid {self.child.pid}, "
                        f"was killed by SIGKILL; {killed.evidence})")
        problem, waited = self._mark_while_it_matters(job_ids, likely=not killed.certain)
        if problem is None:
            log.warning("%s: restarting the process; %s next start says what becomes of it (a smaller painting, "
                        "or out_of_memory once its tries are spent)%s", killed_words,
                        "the job's" if one else "each job's",
                        f" (Redis took the mark after {waited:.1f} s)" if waited else "")
        else:                        # a plain crash then: retried at its size
            log.warning("%s, but could not be marked as killed for memory (%s): taken over as after any crash, "
                        "at %s size", killed_words, problem, "its" if one else "their")

    def _mark_while_it_matters(self, job_ids: list[str], likely: bool) -> tuple[str | None, float]:
        """Mark the jobs, trying again while Redis is away (no worker takes them over meanwhile) and
        for ``mark_grace`` s while it answers but refuses, or until a stop. Returns what kept the mark
        out (None once it is written) and how long it took."""
        from .queue.link import is_outage, reason

        began, answering_since, problem = time.monotonic(), None, None
        while True:
            try:
                self.mark(job_ids, likely)
                return None, (time.monotonic() - began if problem else 0.0)
            except Exception as exc:
                if problem is None:  # (the kill's WARNING comes with the outcome: said here while it waits)
                    log.info("job(s) %s: their painting process was killed (SIGKILL); marking them as killed for "
                             "memory once Redis takes it (%s)", ",".join(job_ids), reason(exc))
                problem = reason(exc)
                now = time.monotonic()
                if is_outage(exc):
                    answering_since = None
                elif answering_since is None:
                    answering_since = now
                if answering_since is not None and now - answering_since >= self.mark_grace:
                    return problem, now - began
                if not self._sleep_unless_stopped(self.mark_retry_every):
                    return f"{problem}; the worker was stopped before Redis took it", now - began

    def _sleep_unless_stopped(self, seconds: float) -> bool:
        """Wait ``seconds``; False (at once) when a stop comes."""
        until = time.monotonic() + seconds
        while not self.stops and time.monotonic() < until:
            time.sleep(min(0.1, max(0.0, until - time.monotonic())))
        return not self.stops
