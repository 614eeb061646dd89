"""/cancel answers for what the user sent, and what it says is true. Found by an adversarial run
of the web chat: a /preview's nine jobs were counted as "Cancelled 3 paintings" and its grid came
with blank tiles; a photo still being checked when /cancel came was "nothing to cancel", then got
painted."""
from __future__ import annotations

import asyncio
import threading

from bot import commands, layer_timing
from bot.commands import CommandLayer
from bot.messages import t
from engine.jobs import JobResult
from engine.queue.memory import InProcessQueue
from tests.queue.fakes import FakeEngine

from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req, say


async def test_a_preview_cancelled_midway_is_one_request_and_sends_no_grid(settings, store, monkeypatch):
    monkeypatch.setattr(layer_timing, "EDIT_INTERVAL_S", 0.0)
    monkeypatch.setenv("FAKE_ENGINE_SECONDS", "0.3")       # each of the nine tiles (fake engine)
    queue = InProcessQueue(FakeEngine)
    await queue.start()
    try:
        layer = CommandLayer(settings, store, queue)
        out = Recorder()
        preview = asyncio.create_task(layer.handle(req("/preview", images=[make_photo(96, 72)]), out))
        for _ in range(200):                                 # a tile or two painted, the rest to come
            if any(r.text == t("en", "running", style="/preview", percent=11) for _, r in out.edits):
                break
            await asyncio.sleep(0.02)
        cancel = await say(layer, "/cancel")
        assert cancel.texts == [t("en", "cancelled_jobs", count=1)]       # one /preview, not its tiles
        await asyncio.wait_for(preview, 30)
        assert not out.images                                # no grid with holes
        assert out.edits[-1][1].text == t("en", "failed", style="/preview", error=t("en", "cancelled"))
    finally:
        await queue.stop()


def held_checks(monkeypatch) -> tuple[threading.Event, threading.Event]:
    """check_upload held until the test lets it go: a big photo being checked (in a thread)."""
    checking, release = threading.Event(), threading.Event()
    check = commands.check_upload

    def slow_check(*args, **kwargs):
        checking.set()
        release.wait(10)
        return check(*args, **kwargs)

    monkeypatch.setattr(commands, "check_upload", slow_check)
    return checking, release


async def until(condition, timeout: float = 5.0) -> None:
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("timed out")


async def cancelled_while_checked(layer, monkeypatch, text: str,
                                  images: list[bytes] | None = None) -> tuple[Recorder, Recorder]:
    """``text`` with a photo (or ``images``, an album), held in its upload check while /cancel is
    sent; (its replies, the cancel's) once both are done."""
    checking, release = held_checks(monkeypatch)
    out = Recorder()
    request = asyncio.create_task(layer.handle(req(text, images=images or [make_photo(96, 72)]), out))
    await until(checking.is_set)
    cancel = asyncio.create_task(say(layer, "/cancel"))
    await asyncio.sleep(0.1)
    release.set()
    await asyncio.wait_for(request, 10)
    return out, await cancel


async def test_a_photo_still_being_checked_is_cancelled_before_it_reaches_the_queue(layer, fake_queue, monkeypatch):
    checking, release = held_checks(monkeypatch)
    out = Recorder()
    painting = asyncio.create_task(layer.handle(req("/style gogh", images=[make_photo(96, 72)]), out))
    try:
        await until(checking.is_set)
        cancels = [asyncio.create_task(say(layer, "/cancel")) for _ in range(2)]    # twice, quickly
        await asyncio.sleep(0.1)
    finally:
        release.set()
    await asyncio.wait_for(painting, 10)
    replies = sorted(r.texts[0] for r in await asyncio.gather(*cancels))
    # the request is counted once: by the first /cancel, not again by the second
    assert replies == sorted([t("en", "cancelled_jobs", count=1), t("en", "nothing_to_cancel")])
    assert not fake_queue.jobs and not out.images and not out.sent      # its /cancel answered for it
    later = await say(layer, "/style gogh", images=[make_photo(96, 72)])  # one sent after it paints
    assert len(fake_queue.jobs) == 1 and later.images


async def test_a_photo_alone_being_checked_is_not_counted_as_a_painting(layer, fake_queue, monkeypatch):
    """No default artist: a photo alone gets the artist buttons, which paint nothing. A /cancel
    while it was checked said "Cancelled 1 painting", then the buttons came."""
    out, cancel = await cancelled_while_checked(layer, monkeypatch, "")
    assert cancel.texts == [t("en", "nothing_to_cancel")]
    assert out.sent and out.sent[0].buttons and not fake_queue.jobs


class CancellableQueue(FakeQueue):
    """The fake queue, its jobs painting for a while and cancellable meanwhile."""

    def __init__(self, delay: float = 1.0):
        super().__init__(delay=delay)
        self.cancelled: set[str] = set()

    async def cancel(self, job_id):
        if any(j.id == job_id for j in self.jobs) and job_id not in self.cancelled:
            self.cancelled.add(job_id)
            return True
        return False

    async def wait(self, job_id, on_status=None):
        result = await super().wait(job_id, on_status)
        return JobResult(job_id, False, error_key="cancelled") if job_id in self.cancelled else result


class SlowSubmitQueue(CancellableQueue):
    """A queue whose submit writes its journal before the job is in line (as the worker and Redis
    queues do): a /cancel in that moment found nothing to cancel, and the painting came."""

    def __init__(self):
        super().__init__(delay=0.3)

    async def submit(self, job):
        await asyncio.sleep(0.5)                 # the journal write
        return await super().submit(job)


async def test_a_cancel_while_the_job_is_being_journaled_cancels_it(settings, store):
    queue = SlowSubmitQueue()
    layer = CommandLayer(settings, store, queue)
    out = Recorder()
    painting = asyncio.create_task(layer.handle(req("/style gogh", images=[make_photo(96, 72)]), out))
    await asyncio.sleep(0.25)                   # in submit, its job not yet in line
    assert not queue.jobs
    cancel = await say(layer, "/cancel")
    await asyncio.wait_for(painting, 10)
    assert cancel.texts == [t("en", "cancelled_jobs", count=1)]
    assert not out.images and t("en", "cancelled") in out.edits[-1][1].text


async def test_a_cancel_during_an_album_stops_its_other_photos(settings, store, monkeypatch):
    monkeypatch.setenv("FAKE_ENGINE_SECONDS", "0.5")
    queue = InProcessQueue(FakeEngine)
    await queue.start()
    submitted = []
    submit = queue.submit

    async def counted(job):
        submitted.append(job.id)
        return await submit(job)

    monkeypatch.setattr(queue, "submit", counted)
    try:
        layer = CommandLayer(settings, store, queue)
        out = Recorder()
        photos = [make_photo(96, 72, seed=i) for i in range(3)]
        album = asyncio.create_task(layer.handle(req("/style gogh", images=photos), out))
        await until(lambda: queue.status()["running"])
        cancel = await say(layer, "/cancel")
        await asyncio.wait_for(album, 30)
        assert cancel.texts == [t("en", "cancelled_jobs", count=3)]        # the album: three paintings
        assert len(submitted) == 1 and not out.images        # photos 2 and 3 never went in
    finally:
        await queue.stop()


async def test_a_cancel_does_not_wait_for_a_request_that_paints_nothing(layer, fake_queue, monkeypatch):
    """/addstyle describing its paintings (a minute, for ten) is no painting of the queue's: a
    /cancel meanwhile answers at once, not after SETTLE_WAIT_S."""
    monkeypatch.setattr(layer_timing, "SETTLE_WAIT_S", 30.0)
    describing = asyncio.Event()

    async def slow_describer(images, path):
        describing.set()
        await asyncio.sleep(60)

    layer.describer = slow_describer
    adding = asyncio.create_task(layer.handle(req("/addstyle Ink", images=[make_photo(96, 72)], user="tg:1000"),
                                              Recorder()))
    try:
        await asyncio.wait_for(describing.wait(), 10)
        cancel = await asyncio.wait_for(say(layer, "/cancel", user="tg:1000"), 5)
        assert cancel.texts == [t("en", "nothing_to_cancel")]
    finally:
        adding.cancel()


async def test_a_cancel_leaves_a_painting_asked_for_after_it(settings, store, monkeypatch):
    """/cancel waits for the requests from before it; one sent after it, queued meanwhile, is not
    the cancel's: it was cancelled too ("Cancelled 2 paintings"). Found by review."""
    queue = CancellableQueue()
    layer = CommandLayer(settings, store, queue)
    held, release = threading.Event(), threading.Event()
    check = commands.check_upload

    def first_one_slow(*args, **kwargs):
        if not held.is_set():
            held.set()
            release.wait(10)
        return check(*args, **kwargs)

    monkeypatch.setattr(commands, "check_upload", first_one_slow)
    before, after = Recorder(), Recorder()
    first = asyncio.create_task(layer.handle(req("/style gogh", images=[make_photo(96, 72, seed=1)]), before))
    await until(held.is_set)
    cancel = asyncio.create_task(say(layer, "/cancel"))
    await asyncio.sleep(0.05)
    second = asyncio.create_task(layer.handle(req("/style monet", images=[make_photo(96, 72, seed=2)]), after))
    await asyncio.sleep(0.3)
    assert not queue.jobs               # the later one waits for the message before it (in their order)
    release.set()
    await asyncio.wait_for(asyncio.gather(first, second), 10)
    assert (await cancel).texts == [t("en", "cancelled_jobs", count=1)]
    assert not before.images and len(after.images) == 1


async def test_a_photo_with_styles_and_an_artist_is_waited_for_as_a_painting(layer, fake_queue, monkeypatch):
    """"/styles gogh" with a photo paints (as /style gogh); /cancel took it for the list of styles,
    said "nothing to cancel", and then dropped it without a word."""
    out, cancel = await cancelled_while_checked(layer, monkeypatch, "/styles gogh")
    assert cancel.texts == [t("en", "cancelled_jobs", count=1)]
    assert not fake_queue.jobs and not out.images


async def test_a_request_dropped_by_a_cancel_costs_no_rate_limit(layer, fake_queue, monkeypatch):
    await cancelled_while_checked(layer, monkeypatch, "/preview")
    assert not fake_queue.jobs
    assert layer.limiter.wait_time("tg:1", layer.settings.RATE_LIMIT_JOBS) == 0     # nothing charged
