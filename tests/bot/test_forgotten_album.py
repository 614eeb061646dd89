"""Review of 54f30ab (/forgetme drops the user's requests still on their way): a bare album
(no artist named) whose photos were being kept, one after another, as /forgetme (past its wait
for it) deleted: the rest were kept after "Done: I deleted ...", and the artist buttons offered
for them."""
from __future__ import annotations

import asyncio
import time

from bot import layer_timing
from bot.commands import CommandLayer
from bot.messages import t

from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req


async def test_a_bare_album_being_kept_keeps_nothing_after_forgetme(settings, store, monkeypatch):
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 0.1)
    save_photo = store.save_photo

    def slow_save(*args, **kw):         # (a slow disk: each photo a while)
        time.sleep(0.15)
        return save_photo(*args, **kw)

    monkeypatch.setattr(store, "save_photo", slow_save)
    layer = CommandLayer(settings, store, FakeQueue())
    out = Recorder()
    album = asyncio.create_task(layer.handle(req(images=[make_photo(seed=i) for i in range(5)]), out))
    await asyncio.sleep(0.05)
    forget = Recorder()
    await layer.handle(req("/forgetme yes"), forget)
    assert forget.texts == [t("en", "forgot")]
    await asyncio.wait_for(album, 5.0)
    assert store.last_photo("tg:1", "tg:1") is None         # none kept after it
    assert not out.texts                                    # nor the buttons offered for them
