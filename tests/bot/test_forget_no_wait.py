"""Review: a confirmed /forgetme waited up to ORDER_WAIT_S (10 s) for the user's photo still
downloading, which it then dropped (_forget_requests). It no longer waits for what it drops;
it still waits for what is already with the layer (a setting being written must not land after
the deletion), and an unconfirmed /forgetme waits as every ordered message does. The layer
also says, publicly, which requests a /forgetme or a /cancel dropped (dropped_by)."""
from __future__ import annotations

import asyncio

import pytest

from bot import layer_timing
from bot.commands import CommandLayer
from bot.messages import t

from tests.bot.conftest import FakeQueue, Recorder
from tests.bot.test_commands import req
from tests.bot.test_redo_waiting import group_photo, painted_once


@pytest.fixture
def long_waits(monkeypatch):
    """Waits for earlier messages long enough that a test ends (fails) long before them."""
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 600.0)
    monkeypatch.setattr(layer_timing, "SETTLE_WAIT_S", 600.0)


@pytest.mark.parametrize("text", ["/forgetme yes", "/기록 삭제 네", "/forgetme yes tg:1"])
async def test_a_confirmed_forgetme_does_not_wait_for_a_photo_it_drops(settings, store, long_waits, text):
    layer = await painted_once(settings, store)
    seq = layer.arrive("tg:1", "tg:-100", "/style monet")       # its photo downloading, slowly
    out = Recorder()
    await asyncio.wait_for(layer.handle(req(text), out), 5)     # (it waited ORDER_WAIT_S)
    assert out.texts[-1] in (t("en", "forgot"), t("ko", "forgot")), out.texts
    assert layer.dropped_by_forget(seq) and not layer.stopped_by_cancel(seq)
    group = Recorder()
    await layer.handle(group_photo(seq), group)                 # downloaded now: dropped, unsaid
    assert not group.texts and [j.styles[0].value for j in layer.queue.jobs] == ["gogh"]
    assert layer.dropped_by(seq) == "forget"                    # (known after it is over too)
    assert store.last_photo("tg:1", "tg:-100") is None


async def test_an_unconfirmed_forgetme_still_waits_its_turn(settings, store, long_waits):
    layer = await painted_once(settings, store)
    seq = layer.arrive("tg:1", "tg:-100", "/style monet")
    asking = asyncio.create_task(layer.handle(req("/forgetme"), Recorder()))
    await asyncio.sleep(0.2)
    assert not asking.done() and not layer.dropped_by_forget(seq)
    await layer.handle(group_photo(seq), Recorder())            # the photo comes: then the question
    await asyncio.wait_for(asking, 5)
    assert [j.styles[0].value for j in layer.queue.jobs] == ["gogh", "monet"]


async def test_a_setting_already_being_written_is_waited_for(settings, store, long_waits):
    """An earlier /size with the layer, its write under way: the deletion comes after it (not
    waited for, the write landed after "Done" and left a row of the user's behind)."""
    layer = CommandLayer(settings, store, FakeQueue())
    writing, go = asyncio.Event(), asyncio.Event()
    set_prefs = store.off_loop.set_prefs

    async def slow_set_prefs(*args, **kw):
        writing.set()
        await go.wait()
        return await set_prefs(*args, **kw)

    store.off_loop.set_prefs = slow_set_prefs
    size = asyncio.create_task(layer.handle(req("/size 256"), Recorder()))
    await writing.wait()
    forget = asyncio.create_task(layer.handle(req("/forgetme yes"), Recorder()))
    await asyncio.sleep(0.2)
    assert not forget.done()                                    # it waits for the write
    go.set()
    await asyncio.wait_for(asyncio.gather(size, forget), 5)
    assert store.prefs("tg:1").output_size is None              # deleted after it was written


async def test_a_request_stopped_by_cancel_is_said_so(settings, store, long_waits, photo):
    layer = CommandLayer(settings, store, FakeQueue())
    seq = layer.arrive("tg:1", "tg:1", "/style gogh")          # a photo downloading
    cancel = asyncio.create_task(layer.handle(req("/cancel"), Recorder()))
    await asyncio.sleep(0.05)
    painting = req("/style gogh", images=[photo])
    painting.seq = seq
    out = Recorder()
    await layer.handle(painting, out)                           # came to submit after the /cancel
    await asyncio.wait_for(cancel, 5)
    assert not out.texts and not layer.queue.jobs
    assert layer.stopped_by_cancel(seq) and not layer.dropped_by_forget(seq)
    other = layer.arrive("tg:1", "tg:1", "/help")
    assert layer.dropped_by(other) is None and layer.dropped_by(10_000) is None
