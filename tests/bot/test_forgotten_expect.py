"""Review of 54f30ab (/forgetme drops the user's requests still on their way): an album still
with its front-end, told of its photos (expect_photos) after the /forgetme had dropped it: a
/cancel then said "Cancelled 2 paintings" of photos nothing paints."""
from __future__ import annotations

from bot.messages import t

from tests.bot.conftest import Recorder
from tests.bot.test_commands import req
from tests.bot import test_redo_waiting as test_redo_waiting
from tests.bot.test_redo_waiting import painted_once

quick = test_redo_waiting.quick      # (the fixture: the waits short)


async def test_an_album_told_of_after_forgetme_is_not_cancelled_later(settings, store, quick):
    layer = await painted_once(settings, store)
    seq = layer.arrive("tg:1", "tg:-100", "/style monet")   # an album, before its download
    await layer.handle(req("/forgetme yes"), Recorder())
    album = req("/style monet", chat="tg:-100", community="tg:-100", mentioned=True)
    album.seq = seq
    layer.expect_photos(album, layer.parse(album), 3)       # its three photos about to download
    cancel = Recorder()
    await layer.handle(req("/cancel"), cancel)
    assert cancel.texts == [t("en", "nothing_to_cancel")]
    layer.left(seq)
