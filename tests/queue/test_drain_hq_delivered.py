"""A stop (one Ctrl-C) while an /hq painting runs: its steps end early through the engine's
end_steps_by (the drain's time less a margin), so the painting so far is DELIVERED before the
queue stops, instead of its worker killed at the drain's end and the job painted again from the
start after the restart. On the one-host queue (the worker told over its pipe) and in process
(QUEUE_BACKEND=memory). An engine without end_steps_by is cut off as before
(test_drain_hq_cut_off.py)."""
from __future__ import annotations

import asyncio
import logging
import time

from engine.queue import memory
from engine.queue.journal import Journal
from engine.queue.memory import InProcessQueue
from tests.queue.conftest import make_job
from tests.queue.fakes import FakeEngine
from tests.queue.test_process import settings, started, until

FACTORY = "tests.queue.test_drain_hq_delivered:make_engine"
DRAIN_S = 6.0               # the steps end by 6 - 1.5 s after the stop; the painting would take 60 s


class StepsEngine(FakeEngine):
    """The fake engine painting in steps as /hq does: it ends them by its deadline or the
    end_steps_by it is given, the painting so far being the result."""

    def __init__(self):
        super().__init__()
        self.steps_end = None

    def end_steps_by(self, when):
        self.steps_end = when

    def stylize(self, content, style, *, deadline=None, progress=None, **kw):
        if not (isinstance(style, str) and style.startswith("steps:")):
            return super().stylize(content, style, progress=progress, **kw)
        seconds = float(style.split(":", 1)[1])
        steps = int(seconds / 0.05)
        for i in range(steps):
            end = min(t for t in (deadline, self.steps_end, float("inf")) if t is not None)
            if time.monotonic() + 0.05 > end:
                break
            time.sleep(0.05)
            if progress:
                progress((i + 1) / steps)
        return content.convert("RGB")


def make_engine(device=None):
    return StepsEngine()


async def test_a_stop_delivers_the_hq_painting_under_way_on_the_one_host_queue(tmp_path, caplog):
    s = settings(tmp_path, engine_factory=FACTORY, workers_fast=0, workers_hq=1, drain_timeout=DRAIN_S)
    q = await started(s)
    try:
        job = make_job("u", "steps:60", method="gatys")
        assert job.lane == "hq"
        await q.submit(job)
        follow = asyncio.ensure_future(q.wait(job.id))
        await until(lambda: (q.states[job.id].progress or 0) > 0, timeout=30)
        began, at_stop = time.monotonic(), q.states[job.id].progress
        seen = []                                            # its line's percentage during the drain

        async def watch():
            while True:
                st = q.states.get(job.id)
                if st is not None:
                    seen.append(st.progress)
                await asyncio.sleep(0.05)
        watching = asyncio.ensure_future(watch())
        with caplog.at_level(logging.WARNING, logger="engine.supervisor"):
            await q.stop()
        watching.cancel()
        await asyncio.gather(watching, return_exceptions=True)
        assert time.monotonic() - began < DRAIN_S            # drained, not killed at the drain's end
        assert max(seen) > at_stop                           # its progress went on during the drain
        assert "did not drain" not in caplog.text
        result = await asyncio.wait_for(follow, 5)
        assert result.ok and result.image, result
    finally:
        await q.stop()
    journal = Journal(s.queue_db)
    try:
        assert journal.undelivered() == []                   # nothing held over for the restart
    finally:
        journal.close()


async def test_a_stop_delivers_the_hq_painting_under_way_in_process(monkeypatch):
    monkeypatch.setattr(memory, "DRAIN_S", DRAIN_S)
    q = InProcessQueue(StepsEngine)
    await q.start()
    job = make_job("u", "steps:60", method="gatys")
    await q.submit(job)
    follow = asyncio.ensure_future(q.wait(job.id))
    deadline = time.monotonic() + 30
    while not q.status()["running"]:
        assert time.monotonic() < deadline, "the painting did not begin"
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.2)                                  # a few steps made
    began = time.monotonic()
    await asyncio.wait_for(q.stop(), 30)
    assert time.monotonic() - began < DRAIN_S
    result = await asyncio.wait_for(follow, 5)
    assert result.ok and result.image, result                 # delivered, not "send it again"
