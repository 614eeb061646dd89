"""The queue stops even when a task's cancel is lost: redis-py (8.2) can swallow the cancel of
a task waiting on a Redis reply (the hand-over of a job), and stop() waited for ever."""
from __future__ import annotations

import asyncio

from engine.jobs import Job, StyleRef
from engine.queue.scheduled import ScheduledQueue
from engine.queue.settings import QueueSettings


class HandOverThatSwallowsCancel(ScheduledQueue):
    """One slot; handing a job over waits, like a Redis call, and loses a cancel as redis-py can."""

    def __init__(self, settings):
        super().__init__(settings)
        self.handing_over = asyncio.Event()

    def _slots(self, lane: str) -> int:
        return 1

    def _free_slots(self, lane: str) -> int:
        return 1 - len(self.running)

    async def _start_job(self, job: Job) -> None:
        self.handing_over.set()
        try:
            await asyncio.sleep(0.5)
        except asyncio.CancelledError:
            await asyncio.sleep(0.5)         # the reply still comes; the cancel is gone

    async def _cancel_running(self, job_id: str) -> None:
        pass


async def test_stop_returns_when_the_dispatch_loop_lost_its_cancel(tmp_path):
    queue = HandOverThatSwallowsCancel(QueueSettings(queue_db=str(tmp_path / "queue.sqlite3")))
    await queue.start()
    await queue.submit(Job(user_id="u", chat_id="c", image=b"x", styles=[StyleRef("artist", "gogh")]))
    await asyncio.wait_for(queue.handing_over.wait(), 5)
    loops = list(queue._tasks)
    stopping = asyncio.create_task(queue.stop())
    # not wait_for: stop() would swallow that cancel too, as it does its tasks'
    await asyncio.wait([stopping], timeout=5)
    assert stopping.done(), "stop() still waits for a loop whose cancel was lost"
    assert all(loop.done() for loop in loops)


class HandOverThatRunsOn(HandOverThatSwallowsCancel):
    """A hand-over that loses its cancel and then waits long: a big photo to a silent Redis, whose
    socket timeout grows with the photo (up to 2 minutes)."""

    async def _start_job(self, job: Job) -> None:
        self.handing_over.set()
        try:
            await asyncio.sleep(0.5)
        except asyncio.CancelledError:
            await asyncio.sleep(60)


async def test_stop_does_not_wait_for_a_loop_that_runs_on_past_its_cancel(tmp_path, monkeypatch):
    from engine.queue import scheduled
    monkeypatch.setattr(scheduled, "STOP_TASKS_S", 1.0, raising=False)
    queue = HandOverThatRunsOn(QueueSettings(queue_db=str(tmp_path / "queue.sqlite3")))
    await queue.start()
    await queue.submit(Job(user_id="u", chat_id="c", image=b"x", styles=[StyleRef("artist", "gogh")]))
    await asyncio.wait_for(queue.handing_over.wait(), 5)
    loops = list(queue._tasks)
    stopping = asyncio.create_task(queue.stop())
    await asyncio.wait([stopping], timeout=10)
    assert stopping.done(), "stop() waited for a hand-over that outlived its cancel"
    for loop in loops:
        loop.cancel()
