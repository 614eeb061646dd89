"""Which requests a stop cut off the layer kept for the next start (CommandLayer.held_over): a
front-end tells every other one to send it again (busy_restarting), so none is lost without a
word, and says nothing to one held over (delivered after the restart: "send it again" painted
it twice). Held over: a painting still in a queue with a journal. Not: the same without a
journal, an album with photos still to come, or a painting the queue had handed over (journaled
delivered, never delivered again) whose upload was cut off."""
from __future__ import annotations

import asyncio

import pytest

from bot.commands import CommandLayer

from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req


class JournaledQueue(FakeQueue):
    """A queue with a journal (ScheduledQueue.note): what a stop cuts off it paints or delivers
    after the next start."""

    def note(self, job_id, **fields):
        pass


class WaitingQueue(FakeQueue):
    """A painting never done before the stop: its wait is under way when the stop cuts it off."""

    def __init__(self):
        super().__init__()
        self.waiting = asyncio.Event()

    async def wait(self, job_id, on_status=None):
        self.waiting.set()
        await asyncio.sleep(3600)


class JournaledWaitingQueue(WaitingQueue, JournaledQueue):
    pass


class SlowUpload(Recorder):
    """A front-end whose upload of the painting outlasts the stop."""

    def __init__(self):
        super().__init__()
        self.uploading = asyncio.Event()

    async def send(self, reply):
        if reply.image:
            self.uploading.set()
            await asyncio.sleep(3600)
        return await super().send(reply)


async def cut_off(layer: CommandLayer, request, out, under_way: asyncio.Event) -> bool:
    """Handle ``request``, cut it off as a stop does once ``under_way`` is set; whether it was kept."""
    handling = asyncio.ensure_future(layer.handle(request, out))
    await asyncio.wait_for(under_way.wait(), 10)
    handling.cancel()
    with pytest.raises(asyncio.CancelledError):
        await handling
    return layer.held_over(request) and layer.held_over(request.seq)


async def test_a_painting_still_in_a_journaled_queue_is_held_over(settings, store, photo):
    queue = JournaledWaitingQueue()
    layer = CommandLayer(settings, store, queue)
    assert await cut_off(layer, req("/style gogh", images=[photo]), Recorder(), queue.waiting)


async def test_without_a_journal_nothing_is_held_over(settings, store, photo):
    queue = WaitingQueue()
    layer = CommandLayer(settings, store, queue)
    assert not await cut_off(layer, req("/style gogh", images=[photo]), Recorder(), queue.waiting)


async def test_an_album_with_photos_still_to_come_is_not_held_over(settings, store, photo):
    """Its first photo is held over, the second never reached the queue: sent again, it is all painted."""
    queue = JournaledWaitingQueue()
    layer = CommandLayer(settings, store, queue)
    album = req("/style gogh", images=[photo, make_photo(seed=3)])
    assert not await cut_off(layer, album, Recorder(), queue.waiting)
    assert len(queue.jobs) == 1


async def test_the_last_photo_of_an_album_held_over_is(settings, store, photo):
    """The photos before it were painted and sent; the last one is delivered after the restart."""
    queue = JournaledWaitingQueue()
    layer = CommandLayer(settings, store, queue)
    painted = asyncio.Event()
    real_wait = FakeQueue.wait

    async def wait(job_id, on_status=None):
        if not painted.is_set():        # the first photo's painting comes back
            painted.set()
            return await real_wait(queue, job_id, on_status)
        return await JournaledWaitingQueue.wait(queue, job_id, on_status)
    queue.wait = wait
    out = Recorder()
    album = req("/style gogh", images=[photo, make_photo(seed=3)])
    assert await cut_off(layer, album, out, queue.waiting)
    assert len(queue.jobs) == 2 and len(out.images) == 1


async def test_a_painting_handed_over_whose_upload_is_cut_off_is_not_held_over(settings, store, photo):
    """The queue's wait returned it (ScheduledQueue journals it delivered as it hands it over: the
    restart does not deliver it again), and the stop cut off its upload: lost unless told."""
    layer = CommandLayer(settings, store, JournaledQueue())
    out = SlowUpload()
    assert not await cut_off(layer, req("/style gogh", images=[photo]), out, out.uploading)


def test_an_unknown_or_unnumbered_request_is_not_held_over(settings, store):
    layer = CommandLayer(settings, store, JournaledQueue())
    assert not layer.held_over(req("/style gogh")) and not layer.held_over(12345)
