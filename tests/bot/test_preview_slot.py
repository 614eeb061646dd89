"""A /preview's place among the user's paintings counted its nine tiles until the last one was
painted and its progress line edited: a second /preview then was "You already have 1 painting
in progress" while the queue held one tile of the first, or none (the line's last edit waiting
out Telegram's flood control). A tile painted is freed as it ends, the slot with the last."""
from __future__ import annotations

import asyncio

from bot.commands import CommandLayer
from bot.messages import t
from engine.jobs import JobResult
from engine.queue.base import JobStatus
from engine.queue.settings import QueueSettings

from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req


class TileQueue(FakeQueue):
    """Holds at most ``room`` unfinished jobs (QUEUE_MAX_PER_USER); each job ends when its event is set."""

    def __init__(self, room: int = 10):
        super().__init__()
        self.room = room
        self.settings = QueueSettings(queue_max_per_user=room)
        self.release: dict[str, asyncio.Event] = {}
        self.open: set[str] = set()

    async def submit(self, job):
        if len(self.open) >= self.room:
            return JobStatus(job.id, "failed")
        self.release[job.id] = asyncio.Event()
        self.open.add(job.id)
        return await super().submit(job)

    async def wait(self, job_id, on_status=None):
        if job_id not in self.release:
            return JobResult(job_id, False, error_key="busy", error_params={"minutes": 2, "reason": "user"})
        await self.release[job_id].wait()
        self.open.discard(job_id)
        job = next(j for j in self.jobs if j.id == job_id)
        return JobResult(job_id, True, image=job.image, seconds=0.01)


async def until(check):
    for _ in range(500):
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("never")


async def test_a_second_preview_while_the_first_has_one_tile_left(settings, store):
    queue = TileQueue()
    layer = CommandLayer(settings, store, queue)
    first, second = Recorder(), Recorder()
    one = asyncio.create_task(layer.handle(req("/preview", images=[make_photo()]), first))
    await until(lambda: len(queue.jobs) == 9)
    for job in queue.jobs[:8]:
        queue.release[job.id].set()
    await until(lambda: len(queue.open) == 1)
    await asyncio.sleep(0.05)
    two = asyncio.create_task(layer.handle(req("/preview", images=[make_photo(seed=2)]), second))
    await until(lambda: len(queue.jobs) == 18 or second.texts)
    assert len(queue.jobs) == 18, second.texts           # its nine tiles beside the first's one
    for event in queue.release.values():
        event.set()
    await asyncio.gather(one, two)
    assert len(first.images) == 1 and len(second.images) == 1


class SlowLastEdit(Recorder):
    """A progress line whose 100% edit waits (Telegram's flood control) until ``go`` is set."""

    def __init__(self):
        super().__init__()
        self.go = asyncio.Event()
        self.waiting = False

    async def edit(self, handle, reply):
        if "100%" in reply.text:
            self.waiting = True
            await self.go.wait()
        await super().edit(handle, reply)


async def test_a_second_preview_while_the_first_line_is_edited(settings, store):
    queue = TileQueue()
    layer = CommandLayer(settings, store, queue)
    first, second = SlowLastEdit(), Recorder()
    one = asyncio.create_task(layer.handle(req("/preview", images=[make_photo()]), first))
    await until(lambda: len(queue.jobs) == 9)
    for event in queue.release.values():
        event.set()
    await until(lambda: first.waiting)
    two = asyncio.create_task(layer.handle(req("/preview", images=[make_photo(seed=2)]), second))
    await until(lambda: len(queue.jobs) == 18 or second.texts)
    assert t("en", "too_many_pending", count=1) not in second.texts and len(queue.jobs) == 18, second.texts
    for event in queue.release.values():
        event.set()
    first.go.set()
    await asyncio.wait_for(asyncio.gather(one, two), 10)
    assert len(first.images) == 1 and len(second.images) == 1
