"""A /preview whose tiles the queue refuses at the door (its per-user cap, QUEUE_MAX_PER_USER: two
/preview at once are 18 jobs; or the whole queue full): the grid came with the refused tiles
blank and "✅ /preview: done", and nobody said why. Now the tiles already queued are cancelled and
the user is told the queue's answer, as for any painting refused at the door."""
from __future__ import annotations

from bot.commands import CommandLayer
from bot.messages import t
from engine.jobs import JobResult
from engine.queue.base import JobStatus

from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req


class CappedPerUser(FakeQueue):
    """Takes ``room`` jobs, then refuses the rest as the scheduled queue does ("busy")."""

    def __init__(self, room: int):
        super().__init__()
        self.room = room
        self.refused: dict[str, JobResult] = {}

    async def submit(self, job):
        if len(self.jobs) >= self.room:
            self.refused[job.id] = JobResult(job.id, False, error_key="busy",
                                             error_params={"minutes": 2, "reason": "user"})
            return JobStatus(job.id, "failed")
        return await super().submit(job)

    async def wait(self, job_id, on_status=None):
        if job_id in self.refused:
            return self.refused.pop(job_id)
        return await super().wait(job_id, on_status)

    async def cancel(self, job_id):
        self.cancelled_jobs.append(job_id)
        return True


async def test_a_preview_the_queue_takes_in_part_is_refused_whole(settings, store):
    queue = CappedPerUser(room=4)
    layer = CommandLayer(settings, store, queue)
    out = Recorder()
    await layer.handle(req("/preview", images=[make_photo()], locale="ko"), out)
    assert not out.images, "a grid of 4 tiles and 5 blanks"
    assert out.texts == [t("ko", "busy", minutes=2)], out.texts
    assert sorted(queue.cancelled_jobs) == sorted(job.id for job in queue.jobs)      # the 4 taken
    assert not queue.refused and not layer.pending            # nothing left waiting, its slot free


async def test_a_preview_the_queue_takes_whole_is_painted(settings, store):
    queue = CappedPerUser(room=9)
    layer = CommandLayer(settings, store, queue)
    out = Recorder()
    await layer.handle(req("/preview", images=[make_photo()]), out)
    assert len(out.images) == 1 and not queue.cancelled_jobs
