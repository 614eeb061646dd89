"""An album whose photo a stop held over (its queue's journal paints it after the restart) before
its later photos reached the queue. In the bot's order the queue stops first and ends that photo's
wait: the album's handling ended then, unseen by the front-end's stop, and its later photos were
lost without a word. Its user is told now which photos to send again, and not the held-over one:
sent again, that one was painted twice (CommandLayer.album_rest_at_stop)."""
from __future__ import annotations

import asyncio

import pytest

from bot.commands import CommandLayer
from bot.messages import t
from engine.queue.journal import Journal
from engine.queue.process import ProcessQueue

from tests.bot.conftest import Recorder, make_photo
from tests.bot.test_commands import req
from tests.bot.test_held_over_at_stop import JournaledWaitingQueue
from tests.queue.test_admission import no_workers

WAIT_S = 20.0


@pytest.fixture
async def journaled(tmp_path):
    """A queue with a journal and no workers: its jobs wait until its stop holds them over."""
    queue = ProcessQueue(no_workers(tmp_path))
    await queue.start()
    yield queue
    await queue.stop()


def album(photos: int, **kw):
    return req("/style gogh", images=[make_photo(128, 96, seed=i) for i in range(photos)], **kw)


async def until(condition) -> None:
    async with asyncio.timeout(WAIT_S):
        while not condition():
            await asyncio.sleep(0.02)


@pytest.mark.parametrize("photos, key, params", [
    (3, "album_rest_restarting", {"n": 1, "first": 2, "count": 3}),
    (2, "album_last_restarting", {"n": 1})])
@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_photos_after_one_the_queues_stop_held_over_are_told(photos, key, params, lang, settings, store,
                                                                         journaled):
    layer = CommandLayer(settings, store, journaled)
    out = Recorder()
    request = album(photos, locale=lang)
    handling = asyncio.ensure_future(layer.handle(request, out))
    await until(lambda: journaled.jobs)
    await journaled.stop()               # the bot's order: the queue first
    with pytest.raises(asyncio.CancelledError):
        await handling
    assert out.texts.count(t(lang, key, **params)) == 1
    assert not layer.held_over(request)
    # the first photo is in the journal, painted after the restart; the others never reached it
    assert len(Journal(journaled.settings.queue_db).undelivered()) == 1


async def test_a_single_photo_held_over_gets_no_such_word(settings, store, journaled):
    layer = CommandLayer(settings, store, journaled)
    out = Recorder()
    request = req("/style gogh", images=[make_photo(128, 96)])
    handling = asyncio.ensure_future(layer.handle(request, out))
    await until(lambda: journaled.jobs)
    await journaled.stop()
    with pytest.raises(asyncio.CancelledError):
        await handling
    assert layer.held_over(request) and layer.album_rest_at_stop(request) is None
    assert not [text for text in out.texts if "album" in text]


async def test_an_album_the_front_end_cuts_off_is_left_to_it_to_tell(settings, store):
    """The front-end's stop cancelled the handling: the layer says nothing (the front-end tells
    it, within its time limit, CUT_OFF_TELL_S), and says what to tell."""
    queue = JournaledWaitingQueue()
    layer = CommandLayer(settings, store, queue)
    out = Recorder()
    request = album(3)
    handling = asyncio.ensure_future(layer.handle(request, out))
    await asyncio.wait_for(queue.waiting.wait(), WAIT_S)
    handling.cancel()
    with pytest.raises(asyncio.CancelledError):
        await handling
    assert layer.album_rest_at_stop(request) == ("album_rest_restarting", {"n": 1, "first": 2, "count": 3})
    assert layer.album_rest_at_stop(request.seq) == layer.album_rest_at_stop(request)
    assert t("en", "album_rest_restarting", n=1, first=2, count=3) not in out.texts
