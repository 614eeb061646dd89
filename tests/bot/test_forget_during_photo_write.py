"""Review of 59872b3: a photo already with the layer, its store writes under way, when a
confirmed /forgetme came. The /forgetme waits for it at most ORDER_WAIT_S; past that it deletes,
and the photo, checked for a /forgetme only before its first write (touch_user), was kept after
"Done: I deleted ...". The check is made again just before the photo is written."""
from __future__ import annotations

import asyncio

from bot import layer_timing
from bot.commands import CommandLayer
from bot.messages import t

from tests.bot.conftest import FakeQueue, Recorder
from tests.bot.test_commands import req


async def test_a_photo_whose_write_outlasts_the_forgetme_wait_is_not_kept_after_it(
        settings, store, photo, monkeypatch):
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 0.2)
    layer = CommandLayer(settings, store, FakeQueue())
    touching, go = asyncio.Event(), asyncio.Event()
    touch_user = store.off_loop.touch_user

    async def slow_touch_user(*args, **kw):     # the photo's (the store locked by an operator's shell)
        if not touching.is_set():
            touching.set()
            await go.wait()
        return await touch_user(*args, **kw)

    store.off_loop.touch_user = slow_touch_user
    said = Recorder()
    photo_sent = asyncio.create_task(layer.handle(req("", images=[photo]), said))
    await asyncio.wait_for(touching.wait(), 5)
    forget = Recorder()
    await asyncio.wait_for(layer.handle(req("/forgetme yes"), forget), 5)     # (past ORDER_WAIT_S)
    assert forget.texts[-1] == t("en", "forgot")
    go.set()
    await asyncio.wait_for(photo_sent, 5)
    assert store.last_photo("tg:1", "tg:1") is None         # nothing of theirs after the deletion
    assert not store.export_user("tg:1")["photos"]
    assert not said.texts                                   # nor offered the artist buttons after it
