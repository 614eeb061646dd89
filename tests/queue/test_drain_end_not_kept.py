"""A stop's end of steps (engine.end_steps_by, b89c20f) is the drain's alone: the in-process queue
forgets it once its stop is over. Its engine may outlive it (the bot's shared_engine, the bot
tests' session engine behind every real_queue): kept there, every later /hq painting on that
engine would end before its first step, the fast start delivered as the /hq painting."""
from __future__ import annotations

import asyncio

from engine.queue import memory
from engine.queue.memory import InProcessQueue
from tests.queue.conftest import make_job
from tests.queue.test_drain_hq_delivered import StepsEngine


class CountingStepsEngine(StepsEngine):
    """StepsEngine counting the steps of its last painting."""

    def stylize(self, content, style, *, progress=None, **kw):
        self.steps_made = 0

        def counted(p: float) -> None:
            self.steps_made += 1
            if progress:
                progress(p)
        return super().stylize(content, style, progress=counted, **kw)


async def paint(queue: InProcessQueue, style: str, method: str = "adain"):
    job = make_job("u", style, method=method)
    await queue.submit(job)
    return await asyncio.wait_for(queue.wait(job.id), 30)


async def test_an_engine_that_outlives_a_stopped_queue_paints_every_step_after_it(monkeypatch):
    monkeypatch.setattr(memory, "DRAIN_S", 0.4)       # the stop's end of steps: 0.3 s after it
    engine = CountingStepsEngine()
    first = InProcessQueue(lambda: engine)
    await first.start()
    assert (await paint(first, "quick")).ok          # the engine is built
    await first.stop()
    await asyncio.sleep(0.5)                          # that end is past now

    second = InProcessQueue(lambda: engine)           # the same engine, as a session fixture's
    await second.start()
    try:
        result = await paint(second, "steps:0.5", method="gatys")     # 10 steps of 0.05 s
    finally:
        await second.stop()
    assert result.ok
    assert engine.steps_made == 10, engine.steps_made


async def test_a_stop_during_an_hq_painting_still_ends_its_steps_and_then_forgets_the_end(monkeypatch):
    monkeypatch.setattr(memory, "DRAIN_S", 6.0)       # the steps end 4.5 s after the stop (1.5 s to hand over)
    engine = CountingStepsEngine()
    queue = InProcessQueue(lambda: engine)
    await queue.start()
    job = make_job("u", "steps:60", method="gatys")
    await queue.submit(job)
    follow = asyncio.ensure_future(queue.wait(job.id))
    for _ in range(600):
        if queue.status()["running"] and engine.__dict__.get("steps_made"):
            break
        await asyncio.sleep(0.05)
    await asyncio.wait_for(queue.stop(), 30)
    result = await asyncio.wait_for(follow, 5)
    assert result.ok and 0 < engine.steps_made < 1200     # ended early, and delivered
    assert engine.steps_end is None                       # and the end went with the stop
