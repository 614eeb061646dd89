"""The one-host supervisor's back-off before restarting a crashed worker (engine/supervisor.py):
a worker that crashes at once, again and again, is restarted after waits that double up to
longest_restart_wait; one that ran well for a while (ran_well_s) and then crashed is restarted after
the shortest wait again, not the longest; and a stop during a wait does not wait it out.

The worker processes are stand-ins (a bare Python that lives a given time and exits 1). The back-off
is read from the waits the supervisor asks for (passed at once), not timed: a loaded machine's late
wake-ups cannot blur 0.5 s from 1 s; the wait itself is timed on its own, with room for them."""
from __future__ import annotations

import asyncio
import sys
import time
from types import SimpleNamespace

from engine.supervisor import WorkerProcess


class StandIns:
    """Replaces the supervisor's spawn of ``python -m engine.worker``: the n-th process lives
    ``lives[n]`` seconds (0 past the list) and exits 1. Records how many were started."""

    def __init__(self, monkeypatch, lives: list[float] | None = None) -> None:
        self.lives, self.started = lives or [], 0
        self.spawn = asyncio.create_subprocess_exec
        monkeypatch.setattr(asyncio, "create_subprocess_exec", self._spawn)

    async def _spawn(self, *cmd, **kw):
        life = self.lives[self.started] if self.started < len(self.lives) else 0.0
        self.started += 1
        return await self.spawn(sys.executable, "-S", "-c",
                                f"import time; time.sleep({life}); raise SystemExit(1)", **kw)

    async def until_started(self, n: int, timeout: float = 30.0) -> None:
        end = time.monotonic() + timeout
        while self.started < n:
            assert time.monotonic() < end, f"{n} starts awaited in {timeout} s; saw {self.started}"
            await asyncio.sleep(0.01)


def worker(ran_well_s: float | None = None) -> WorkerProcess:
    owner = SimpleNamespace(settings=SimpleNamespace(log_level="WARNING", log_format="text"))
    w = WorkerProcess(owner, "fast", 0, "unused")
    if ran_well_s is not None:
        w.ran_well_s = ran_well_s
    return w


def asked_waits(w: WorkerProcess) -> list[float]:
    """The seconds ``w`` asks to wait before each restart, from now on; each wait passes at once."""
    asked: list[float] = []

    async def wait(seconds: float) -> None:
        asked.append(seconds)
        await asyncio.sleep(0)

    w._wait_before_restart = wait
    return asked


async def stopped(w: WorkerProcess) -> None:
    w.stopping = True
    w.kill()
    if w.task is not None:
        w.task.cancel()
        try:
            await w.task
        except BaseException:
            pass


async def test_a_worker_that_crashes_at_once_again_and_again_waits_longer_each_time_up_to_the_longest(monkeypatch):
    procs = StandIns(monkeypatch)
    w = worker()                                # the shipped back-off: 0.5 s doubling up to 30 s
    asked = asked_waits(w)
    await w.start()
    try:
        await procs.until_started(9)
    finally:
        await stopped(w)
    assert asked[:8] == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0], asked
    assert w.restarts >= 8


async def test_a_worker_that_ran_well_for_a_while_then_crashed_is_restarted_after_the_shortest_wait(monkeypatch):
    # three crashes at once (the wait grows), then one after running well (1.3 s, ran_well_s 1 s)
    procs = StandIns(monkeypatch, lives=[0, 0, 0, 1.3, 0])
    w = worker(ran_well_s=1.0)
    asked = asked_waits(w)
    await w.start()
    try:
        await procs.until_started(6)
    finally:
        await stopped(w)
    # after the one that ran well: the shortest wait, then doubling again
    assert asked[:5] == [0.5, 1.0, 2.0, 0.5, 1.0], asked


def test_a_worker_that_lived_ran_well_s_is_not_a_crash_loop():
    assert WorkerProcess.ran_well_s == 30.0


async def test_the_wait_lasts_its_seconds_and_a_stop_cuts_it_short():
    w = worker()
    t0 = time.monotonic()
    await w._wait_before_restart(0.3)
    assert time.monotonic() - t0 >= 0.3
    waiting = asyncio.create_task(w._wait_before_restart(30.0))
    await asyncio.sleep(0.3)
    assert not waiting.done()
    w.stopping = True
    t0 = time.monotonic()
    await asyncio.wait_for(waiting, 10)
    # its steps are 0.2 s; the margin is for a loaded machine (before: the whole 30 s)
    assert time.monotonic() - t0 < 2.5


async def test_a_stop_during_the_wait_before_a_restart_does_not_wait_it_out(monkeypatch):
    procs = StandIns(monkeypatch)
    w = worker()
    w.restart_wait = 30.0
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
    # (drain gives the task 5 s: a wait not cut short takes those 5 s)
    assert took < 2.5, f"the stop took {took:.1f} s: it waited for the restart's wait"
    assert procs.started == 1                   # and no worker was started after the stop
    assert w.task.done() and not w.task.cancelled()
