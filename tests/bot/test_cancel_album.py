"""/cancel of an album being painted counts its photos still to come, which it stops: a 3-photo
album whose first photo was waiting in the queue was answered "Cancelled 1 painting", and none
of the three was painted."""
import asyncio

from bot.commands import CommandLayer
from bot.messages import t
from engine.jobs import JobResult

from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req, say


class CancellableQueue(FakeQueue):
    """Jobs that wait until released (or cancelled), so the test says when each is done."""

    def __init__(self):
        super().__init__()
        self.cancelled: set[str] = set()
        self.release: dict[str, asyncio.Event] = {}

    async def submit(self, job):
        self.release[job.id] = asyncio.Event()
        return await super().submit(job)

    async def cancel(self, job_id):
        if job_id in self.release and job_id not in self.cancelled:
            self.cancelled.add(job_id)
            self.release[job_id].set()
            return True
        return False

    async def wait(self, job_id, on_status=None):
        await self.release[job_id].wait()
        result = await super().wait(job_id, on_status)
        return JobResult(job_id, False, error_key="cancelled") if job_id in self.cancelled else result


async def until(condition, timeout: float = 5.0) -> None:
    for _ in range(int(timeout / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("timed out")


async def album_cancelled(settings, store, painted_first: int, lang: str = "en"):
    queue = CancellableQueue()
    layer = CommandLayer(settings, store, queue)
    out = Recorder()
    photos = [make_photo(96, 72, seed=i) for i in range(3)]
    album = asyncio.create_task(layer.handle(req("/style gogh", images=photos, locale=lang), out))
    for n in range(painted_first):          # these photos painted before the /cancel
        await until(lambda: len(queue.jobs) == n + 1)
        queue.release[queue.jobs[n].id].set()
    await until(lambda: len(queue.jobs) == painted_first + 1)
    cancel = await say(layer, "/cancel", locale=lang)
    await asyncio.wait_for(album, 10)
    again = await say(layer, "/cancel", locale=lang)
    return queue, out, cancel, again


async def test_a_waiting_album_is_counted_whole(settings, store):
    queue, out, cancel, again = await album_cancelled(settings, store, painted_first=0)
    assert cancel.texts == [t("en", "cancelled_jobs", count=3)]
    assert len(queue.jobs) == 1 and not out.images          # photos 2 and 3 never went in
    assert again.texts == [t("en", "nothing_to_cancel")]    # not counted twice


async def test_an_album_cancelled_midway_counts_what_is_left(settings, store):
    queue, out, cancel, again = await album_cancelled(settings, store, painted_first=1, lang="ko")
    assert cancel.texts == [t("ko", "cancelled_jobs", count=2)]
    assert len(queue.jobs) == 2 and len(out.images) == 1
    assert again.texts == [t("ko", "nothing_to_cancel")]


async def test_the_last_photo_of_an_album_is_one_painting(settings, store):
    queue, out, cancel, again = await album_cancelled(settings, store, painted_first=2)
    assert cancel.texts == [t("en", "cancelled_jobs", count=1)]
    assert len(queue.jobs) == 3 and len(out.images) == 2
