"""/stronger, /weaker or a bare /hq wait up to DOWNLOAD_WAIT_S (150 s) for the user's photo still
downloading in another chat, the painting they repaint: they said nothing meanwhile (a silent
bot for minutes), and a /cancel sent meanwhile left them waiting for the download all the same.
Now the user is told once, after a few seconds, that the bot waits for their photo, and a /cancel
ends the wait at once."""
from __future__ import annotations

import asyncio

import pytest

from bot import layer_timing
from bot.commands import CommandLayer
from bot.messages import t

from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req


@pytest.fixture
def quick(monkeypatch):
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 0.1)
    monkeypatch.setattr(layer_timing, "WAITING_NOTE_S", 0.3)
    monkeypatch.setattr(layer_timing, "DOWNLOAD_WAIT_S", 10.0)
    monkeypatch.setattr(layer_timing, "SETTLE_WAIT_S", 0.3)


async def painted_once(settings, store) -> CommandLayer:
    layer = CommandLayer(settings, store, FakeQueue())
    await layer.handle(req("/style gogh", images=[make_photo(seed=1)]), Recorder())     # the last painting so far
    return layer


def group_photo(seq: int):
    group = req("/style monet", images=[make_photo(seed=2)], chat="tg:-100", community="tg:-100", mentioned=True)
    group.seq = seq
    return group


@pytest.mark.parametrize("redo, lang", [("/weaker", "en"), ("/더약하게", "ko"), ("/hq", "en")])
async def test_a_redo_waiting_for_a_photo_says_so_once(settings, store, quick, redo, lang):
    layer = await painted_once(settings, store)
    seq = layer.arrive("tg:1", "tg:-100", "/style monet")       # its photo downloading, slowly
    out = Recorder()
    private = asyncio.create_task(layer.handle(req(redo), out))
    await asyncio.sleep(1.0)                                    # past the note's time, more than thrice
    assert not private.done()
    assert out.texts == [t(lang, "waiting_for_photo")] and out.sent[0].private
    await layer.handle(group_photo(seq), Recorder())            # the photo is there
    await asyncio.wait_for(private, 2.0)
    assert [j.styles[0].value for j in layer.queue.jobs] == ["gogh", "monet", "monet"]
    assert out.texts.count(t(lang, "waiting_for_photo")) == 1 and out.images


async def test_not_said_where_the_photo_comes_soon(settings, store, quick):
    layer = await painted_once(settings, store)
    seq = layer.arrive("tg:1", "tg:-100", "/style monet")
    out = Recorder()
    private = asyncio.create_task(layer.handle(req("/weaker"), out))
    await asyncio.sleep(0.15)                                   # past the order's wait, before the note's
    await layer.handle(group_photo(seq), Recorder())
    await asyncio.wait_for(private, 2.0)
    assert t("en", "waiting_for_photo") not in out.texts and out.images


async def test_a_cancel_ends_the_wait_at_once(settings, store, quick):
    layer = await painted_once(settings, store)
    seq = layer.arrive("tg:1", "tg:-100", "/style monet")       # never comes while the redo waits
    out = Recorder()
    private = asyncio.create_task(layer.handle(req("/weaker"), out))
    await asyncio.sleep(0.2)
    cancel = Recorder()
    began = asyncio.get_running_loop().time()
    await layer.handle(req("/cancel"), cancel)
    await asyncio.wait_for(private, 0.5)                        # not the download's 10 s
    assert asyncio.get_running_loop().time() - began < 1.0
    assert [j.styles[0].value for j in layer.queue.jobs] == ["gogh"]    # nothing repainted
    assert t("en", "no_previous") not in out.texts and not out.images
    assert cancel.texts == [t("en", "cancelled_jobs", count=2)]        # the repaint and the photo's painting
    layer.left(seq)
