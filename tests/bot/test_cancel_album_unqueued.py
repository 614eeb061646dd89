"""/cancel of an album none of whose photos has reached the queue yet (still being downloaded by
the front-end, or checked) counts each of its photos, as it does once one is in the queue: it was
answered "Cancelled 1 painting" for three photos that were all stopped. Every front-end hands an
album to the layer as one request with its photos (Telegram gathers the media group's messages;
Discord, a message's attachments; the web chat, "images"), so these tests send one such request."""
import asyncio

from bot.messages import t

from tests.bot.conftest import Recorder, make_photo
from tests.bot.test_cancel_requests import cancelled_while_checked, until
from tests.bot.test_commands import req, say


def album(count: int) -> list[bytes]:
    return [make_photo(96, 72, seed=i) for i in range(count)]


async def test_album_cancelled_while_checked_counts_three(layer, fake_queue, monkeypatch):
    _, c = await cancelled_while_checked(layer, monkeypatch, "/style gogh", images=album(3))
    assert not fake_queue.jobs
    assert c.texts == [t("en", "cancelled_jobs", count=3)]
    again = await say(layer, "/cancel")                 # not counted twice
    assert again.texts == [t("en", "nothing_to_cancel")]


async def test_album_cancelled_while_downloaded_counts_each_photo(layer, fake_queue):
    """Numbered as it came (layer.arrive, as the front-ends do before downloading its photos),
    the /cancel sent during the download; the album reaches the layer after it, in Korean."""
    seq = layer.arrive("tg:1")
    cancel = asyncio.create_task(say(layer, "/cancel", locale="ko"))
    await asyncio.sleep(0.1)                            # the /cancel waits for the album
    out = Recorder()
    await asyncio.wait_for(layer.handle(req("/hq gogh", images=album(4), seq=seq, locale="ko"), out), 10)
    c = await asyncio.wait_for(cancel, 10)
    assert not fake_queue.jobs
    assert c.texts == [t("ko", "cancelled_jobs", count=4)]


async def test_a_mistyped_album_cancelled_while_checked_is_nothing(layer, fake_queue, monkeypatch):
    """An album that would paint nothing (an unknown artist) is not counted as its photos."""
    _, c = await cancelled_while_checked(layer, monkeypatch, "/style nobodyxyz", images=album(3))
    assert not fake_queue.jobs
    assert c.texts == [t("en", "nothing_to_cancel")]


async def test_a_cancel_between_two_photos_of_an_album_counts_the_rest_once(settings, store, monkeypatch):
    """The first photo painted, the second being checked when /cancel comes: the second and the
    third are counted, and a second /cancel finds nothing (the second photo, stopped after the
    count, does not count the third again)."""
    from bot import commands
    from bot.commands import CommandLayer

    from tests.bot.test_cancel_album import CancellableQueue

    check, calls = commands.check_upload, []
    checking, release = asyncio.Event(), asyncio.Event()
    loop = asyncio.get_running_loop()

    def held_from_the_fifth(*args, **kwargs):     # the album's 3, the first photo's, then the second's
        calls.append(1)
        if len(calls) == 5:
            loop.call_soon_threadsafe(checking.set)
            asyncio.run_coroutine_threadsafe(release.wait(), loop).result(10)
        return check(*args, **kwargs)

    monkeypatch.setattr(commands, "check_upload", held_from_the_fifth)
    queue = CancellableQueue()
    layer = CommandLayer(settings, store, queue)
    out = Recorder()
    painting = asyncio.create_task(layer.handle(req("/style gogh", images=album(3)), out))
    await until(lambda: len(queue.jobs) == 1)
    queue.release[queue.jobs[0].id].set()               # the first photo painted
    await asyncio.wait_for(checking.wait(), 10)
    cancel = await say(layer, "/cancel")
    release.set()
    await asyncio.wait_for(painting, 10)
    again = await say(layer, "/cancel")
    assert len(queue.jobs) == 1 and len(out.images) == 1
    assert cancel.texts == [t("en", "cancelled_jobs", count=2)]
    assert again.texts == [t("en", "nothing_to_cancel")]
