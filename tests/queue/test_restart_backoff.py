"""The one-host supervisor's back-off before restarting a crashed worker (engine/supervisor.py):
a worker that crashes at once, again and again, is restarted after waits that double up to
longest_restart_wait; one that ran well for a while (ran_well_s) and then crashed is restarted after
the shortest wait again, not the longest; and a stop during a wait does not wait it out.

The worker processes are stand-ins (a bare Python that lives a given time and exits 1): what is
timed is the supervisor's wait between a process's end and the next one's start."""
from __future__ import annotations

import asyncio
import sys
import time
from types import SimpleNamespace

from engine.supervisor import WorkerProcess


class StandIns:
    """Replaces the supervisor's spawn of ``python -m engine.worker``: the n-th process lives
    ``lives[n]`` seconds (0 past the list) and exits 1. Records when each started and ended."""

    def __init__(self, monkeypatch, lives: list[float] | None = None) -> None:
        self.lives, self.starts, self.ends = lives or [], [], []
        self.spawn = asyncio.create_subprocess_exec
        self.watchers: list[asyncio.Task] = []
        monkeypatch.setattr(asyncio, "create_subprocess_exec", self._spawn)

    async def _spawn(self, *cmd, **kw):
        n = len(self.starts)
        self.starts.append(time.monotonic())
        life = self.lives[n] if n < len(self.lives) else 0.0
        proc = await self.spawn(sys.executable, "-S", "-c",
                                f"import time; time.sleep({life}); raise SystemExit(1)", **kw)
        self.watchers.append(asyncio.create_task(self._ended(proc)))
        return proc

    async def _ended(self, proc) -> None:
        await proc.wait()
        self.ends.append(time.monotonic())

    def waits(self) -> list[float]:
        """The seconds between each process's end and the next one's start."""
        return [start - end for end, start in zip(self.ends, self.starts[1:])]

    async def until_started(self, n: int, timeout: float = 20.0) -> None:
        end = time.monotonic() + timeout
        while len(self.starts) < n:
            assert time.monotonic() < end, f"{n} starts awaited in {timeout} s; saw {len(self.starts)}"
            await asyncio.sleep(0.01)


def worker(restart_wait: float, longest: float, ran_well_s: float | None = None) -> WorkerProcess:
    owner = SimpleNamespace(settings=SimpleNamespace(log_level="WARNING", log_format="text"))
    w = WorkerProcess(owner, "fast", 0, "unused")
    w.restart_wait, w.longest_restart_wait = restart_wait, longest
    if ran_well_s is not None:
        w.ran_well_s = ran_well_s
    return w


async def stopped(w: WorkerProcess) -> None:
    w.stopping = True
    w.kill()
    if w.task is not None:
        w.task.cancel()
        try:
            await w.task
        except BaseException:
            pass


def assert_waits(seen: list[float], expected: list[float]) -> None:
    # late by up to 0.15 s (a loaded machine); the waits differ by 0.2 s at least
    assert len(seen) >= len(expected), seen
    for got, want in zip(seen, expected):
        assert want - 0.02 <= got <= want + 0.15, f"waits {[round(s, 3) for s in seen]}, expected {expected}"


async def test_a_worker_that_crashes_at_once_again_and_again_waits_longer_each_time_up_to_the_longest(monkeypatch):
    procs = StandIns(monkeypatch)
    w = worker(restart_wait=0.2, longest=0.8)
    await w.start()
    try:
        await procs.until_started(6)
    finally:
        await stopped(w)
    assert_waits(procs.waits(), [0.2, 0.4, 0.8, 0.8, 0.8])
    assert w.restarts >= 5


async def test_a_worker_that_ran_well_for_a_while_then_crashed_is_restarted_after_the_shortest_wait(monkeypatch):
    # three crashes at once (the wait grows to the longest), then one after running well
    procs = StandIns(monkeypatch, lives=[0, 0, 0, 1.3, 0])
    w = worker(restart_wait=0.2, longest=0.8, ran_well_s=1.0)
    await w.start()
    try:
        await procs.until_started(6)
    finally:
        await stopped(w)
    # after the one that ran well: the shortest wait, then doubling again
    assert_waits(procs.waits(), [0.2, 0.4, 0.8, 0.2, 0.4])


def test_the_shipped_back_off():
    """0.5 s doubling to 30 s; a worker that lived 30 s is not a crash loop."""
    assert (WorkerProcess.restart_wait, WorkerProcess.longest_restart_wait, WorkerProcess.ran_well_s) == (0.5, 30.0, 30.0)


async def test_a_stop_during_the_wait_before_a_restart_does_not_wait_it_out(monkeypatch):
    procs = StandIns(monkeypatch)
    w = worker(restart_wait=30.0, longest=30.0)
    await w.start()
    try:
        end = time.monotonic() + 20
        while w.restarts < 1:                   # crashed; now in its wait before the restart
            assert time.monotonic() < end, "the stand-in worker's crash was not seen"
            await asyncio.sleep(0.01)
        t0 = time.monotonic()
        await w.drain(timeout=2)
        took = time.monotonic() - t0
    finally:
        await stopped(w)
    assert took < 1.0, f"the stop took {took:.1f} s: it waited for the restart's wait (drain gives up after 5 s)"
    assert len(procs.starts) == 1               # and no worker was started after the stop
    assert w.task.done() and not w.task.cancelled()
