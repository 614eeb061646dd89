"""/forgetme while a repaint (/weaker) waited for the user's photo still downloading in another
chat: the wait went on (a /cancel ends it at once), and the photo, coming after "Done: I deleted
...", was kept, painted and recorded in the history, then repainted by the /weaker. What the
user asked for before /forgetme is dropped now, unsaid: nothing of it kept, painted or recorded.
What they ask for after it is not touched."""
from __future__ import annotations

import asyncio

from bot import commands, layer_timing
from bot.messages import t

from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req
from tests.bot import test_redo_waiting as test_redo_waiting
from tests.bot.test_redo_waiting import group_photo, painted_once

quick = test_redo_waiting.quick      # (the fixture: the waits short)


async def test_forgetme_drops_the_waiting_repaint_and_the_photo_it_waits_for(settings, store, quick):
    layer = await painted_once(settings, store)
    seq = layer.arrive("tg:1", "tg:-100", "/style monet")       # its photo downloading, slowly
    out = Recorder()
    private = asyncio.create_task(layer.handle(req("/weaker"), out))
    await asyncio.sleep(0.5)                                    # told it waits for the photo
    assert out.texts == [t("en", "waiting_for_photo")]
    forget = Recorder()
    await layer.handle(req("/forgetme yes"), forget)
    assert forget.texts == [t("en", "forgot")]
    await asyncio.wait_for(private, 0.5)                        # ended with it, not after the download
    assert out.texts == [t("en", "waiting_for_photo")] and not out.images
    group = Recorder()
    await layer.handle(group_photo(seq), group)                 # the photo, downloaded after the /forgetme
    assert [j.styles[0].value for j in layer.queue.jobs] == ["gogh"]     # neither painted nor repainted
    assert not group.texts and not group.images
    assert store.jobs_of("tg:1") == []                          # no history
    assert store.last_photo("tg:1", "tg:-100") is None          # the photo not kept
    assert store.last_photo("tg:1", "tg:1") is None
    # and a /cancel after it has nothing of that to cancel
    cancel = Recorder()
    await layer.handle(req("/cancel"), cancel)
    assert cancel.texts == [t("en", "nothing_to_cancel")]


async def test_what_comes_after_forgetme_goes_on(settings, store, quick):
    layer = await painted_once(settings, store)
    seq = layer.arrive("tg:1", "tg:-100", "/style monet")       # from before the /forgetme
    await layer.handle(req("/forgetme yes"), Recorder())
    later = layer.arrive("tg:1", "tg:-100", "/style klimt")     # sent after it
    await layer.handle(group_photo(seq), Recorder())
    after = req("/style klimt", images=[make_photo(seed=3)], chat="tg:-100", community="tg:-100", mentioned=True)
    after.seq = later
    out = Recorder()
    await layer.handle(after, out)
    assert [j.styles[0].value for j in layer.queue.jobs] == ["gogh", "klimt"] and out.images
    assert [row["command"] for row in store.jobs_of("tg:1")] == ["/style klimt"]


async def test_forgetme_unconfirmed_drops_nothing(settings, store, quick):
    layer = await painted_once(settings, store)
    seq = layer.arrive("tg:1", "tg:-100", "/style monet")
    asked = Recorder()
    await layer.handle(req("/forgetme"), asked)                 # the question, not the yes
    assert asked.texts == [t("en", "forget_confirm")]
    await layer.handle(group_photo(seq), Recorder())
    assert [j.styles[0].value for j in layer.queue.jobs] == ["gogh", "monet"]


async def test_a_photo_being_checked_as_forgetme_comes_is_not_kept(settings, store, monkeypatch):
    """The photo's check (a big one, seconds, in a thread) still under way when /forgetme, past
    its wait for the messages before it, deletes: the photo was kept after it all the same."""
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 0.1)
    checking, checked = asyncio.Event(), asyncio.Event()
    check_upload = commands.check_upload

    def slow_check(data, *limits):
        loop.call_soon_threadsafe(checking.set)
        asyncio.run_coroutine_threadsafe(checked.wait(), loop).result(5)
        return check_upload(data, *limits)

    loop = asyncio.get_running_loop()
    monkeypatch.setattr(commands, "check_upload", slow_check)
    layer = commands.CommandLayer(settings, store, FakeQueue())
    out = Recorder()
    photo = asyncio.create_task(layer.handle(req("/style monet", images=[make_photo(seed=2)]), out))
    await asyncio.wait_for(checking.wait(), 2.0)
    forget = Recorder()
    await layer.handle(req("/forgetme yes"), forget)
    assert forget.texts == [t("en", "forgot")]
    checked.set()
    await asyncio.wait_for(photo, 2.0)
    assert store.last_photo("tg:1", "tg:1") is None and not layer.queue.jobs and not out.texts
