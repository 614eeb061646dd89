"""The note that a repaint waits for the user's photo (waiting_for_photo) is a courtesy: where it
could not be sent (a timeout that may have delivered it, Telegram's trouble past its tries) the
repaint was dropped with it, and the user, the note maybe shown, got "something went wrong" or
nothing at all instead of their painting."""
from __future__ import annotations

import asyncio

import pytest

from bot import layer_timing
from bot.chat import MaybeDelivered
from bot.messages import t

from tests.bot.conftest import Recorder
from tests.bot.test_commands import req
from tests.bot.test_redo_waiting import group_photo, painted_once


@pytest.fixture
def quick(monkeypatch):
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 0.1)
    monkeypatch.setattr(layer_timing, "WAITING_NOTE_S", 0.3)
    monkeypatch.setattr(layer_timing, "DOWNLOAD_WAIT_S", 10.0)


class NoteFails(Recorder):
    """A chat whose sending of the waiting note fails as ``failure``; the rest goes through."""

    def __init__(self, failure: Exception):
        super().__init__()
        self.failure = failure

    async def send(self, reply):
        if reply.text == t("en", "waiting_for_photo"):
            raise self.failure
        return await super().send(reply)


@pytest.mark.parametrize("failure", [MaybeDelivered("timed out"), RuntimeError("Bad Gateway")])
async def test_a_note_not_sent_leaves_the_repaint(settings, store, quick, failure):
    layer = await painted_once(settings, store)
    seq = layer.arrive("tg:1", "tg:-100", "/style monet")       # its photo downloading, slowly
    out = NoteFails(failure)
    private = asyncio.create_task(layer.handle(req("/weaker"), out))
    await asyncio.sleep(0.6)                                    # past the note's time
    assert not private.done()                                   # still waiting for the photo
    await layer.handle(group_photo(seq), Recorder())            # the photo is there
    await asyncio.wait_for(private, 2.0)
    assert [j.styles[0].value for j in layer.queue.jobs] == ["gogh", "monet", "monet"]
    assert out.images and t("en", "engine_error") not in out.texts
