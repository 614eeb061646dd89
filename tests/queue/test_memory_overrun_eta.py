"""The in-process queue's waiting ETA behind a painting that runs long: it stopped at the others'
typical times ("about 2 s") for as long as the painting ahead ran; now it grows with the overrun
(as the process queue's), and the bot's line says the painting ahead is taking longer than
expected (bot.time_left.WaitLeft) instead of a time that never comes."""
import asyncio

from bot.time_left import AHEAD_OVERRAN, WaitLeft
from engine.queue.memory import OVERRUN_STEP, InProcessQueue
from tests.queue.conftest import make_job
from tests.queue.fakes import FakeEngine
from tests.queue.test_process import until


async def test_a_waiting_jobs_eta_grows_behind_a_painting_that_runs_long():
    q = InProcessQueue(FakeEngine)
    await q.start()
    try:
        q._times.mean["fast"] = 0.2
        long = make_job("a", "sleep:1.5")
        await q.submit(long)
        await until(lambda: q.status()["running"])
        waiting = make_job("b", "quick")
        seen = []
        await q.submit(waiting)
        assert (await asyncio.wait_for(q.wait(waiting.id, on_status=seen.append), 10)).ok
        etas = [s.eta_seconds for s in seen if s.state == "queued" and s.position == 0]
        assert etas and etas[0] < 1.0 and max(etas) >= OVERRUN_STEP, etas
        wait_left = WaitLeft()
        said = [wait_left.saw(s) for s in seen]
        assert any(s.waiting_for == AHEAD_OVERRAN for s in said), said
    finally:
        await q.stop()
