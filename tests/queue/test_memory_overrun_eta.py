"""The in-process queue's waiting ETA behind a painting that runs long: it stopped at the others'
typical times ("about 2 s") for as long as the painting ahead ran; now it grows with the overrun
(as the process queue's), and the bot's line says the painting ahead is taking longer than
expected (bot.time_left.WaitLeft) instead of a time that never comes. On the queue's own clock,
moved by the test: real time made it a race with a 0.2 s typical time on a loaded machine."""
import asyncio
import time
from types import SimpleNamespace

from bot.time_left import AHEAD_OVERRAN, WaitLeft
from engine.queue import memory
from engine.queue.memory import InProcessQueue
from tests.queue.conftest import make_job
from tests.queue.fakes import FakeEngine
from tests.queue.test_process import until


async def test_a_waiting_jobs_eta_grows_behind_a_painting_that_runs_long(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(memory, "time", SimpleNamespace(monotonic=lambda: clock[0], perf_counter=time.perf_counter))
    q = InProcessQueue(FakeEngine)
    await q.start()
    try:
        q._times.mean["fast"] = 2.0
        long = make_job("a", "sleep:30")
        await q.submit(long)
        await until(lambda: q.status()["running"])
        waiting = make_job("b", "quick")
        await q.submit(waiting)
        seen = []
        waiter = asyncio.create_task(q.wait(waiting.id, on_status=seen.append))
        # the painting ahead 0, 1.5, 2.5 and 7.5 s in, its lane's typical time 2 s: its time left,
        # then its overrun in 5 s steps, and the waiting job's own 2 s
        for step, eta in ((0.0, 4.0), (1.5, 2.5), (1.0, 7.0), (5.0, 12.0)):
            clock[0] += step
            await until(lambda: any(s.eta_seconds == eta for s in seen), timeout=5)
        wait_left = WaitLeft()
        said = [wait_left.saw(s) for s in seen if s.state == "queued"]
        assert said[-1].waiting_for == AHEAD_OVERRAN, said
        assert await q.cancel(long.id)
        assert (await asyncio.wait_for(waiter, 10)).ok
    finally:
        await q.stop()
