"""The wait for a user's earlier messages (ORDER_WAIT_S, 10 s) spanned chats: a private /style
waited for the user's photo still being handled in a group. A painting now waits for its own
chat's earlier messages only; settings (/size, /setstyle, /lang...) are the user's everywhere,
and still wait, and are waited for, across chats: a group photo sent before a private
"/size 128" is painted at the old size, a private photo after a group "/size 128" at 128."""
from __future__ import annotations

import asyncio

import pytest

from bot import layer_timing
from bot.commands import CommandLayer

from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req

GROUP = dict(chat="tg:-100", community="tg:-100", mentioned=True)


class HeldQueue(FakeQueue):
    """submit() of a job for ``held_chat`` waits until ``go`` is set (a slow photo check, a busy queue)."""

    def __init__(self, held_chat: str):
        super().__init__()
        self.held_chat = held_chat
        self.go = asyncio.Event()
        self.holding = False

    async def submit(self, job):
        if job.chat_id == self.held_chat:
            self.holding = True
            await self.go.wait()
        return await super().submit(job)


async def until(check):
    for _ in range(500):
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("never")


@pytest.fixture(autouse=True)
def short_wait(monkeypatch):
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 5.0)


async def test_a_private_painting_does_not_wait_for_a_group_one(settings, store):
    queue = HeldQueue("tg:-100")
    layer = CommandLayer(settings, store, queue)
    group = asyncio.create_task(layer.handle(req("/style gogh", images=[make_photo()], **GROUP), Recorder()))
    await until(lambda: queue.holding)
    private = Recorder()
    await asyncio.wait_for(layer.handle(req("/style monet", images=[make_photo(seed=2)]), private), 2.0)
    assert private.images and [j.chat_id for j in queue.jobs] == ["tg:1"]
    queue.go.set()
    await group


async def test_a_private_size_still_waits_for_an_earlier_group_photo(settings, store):
    queue = HeldQueue("tg:-100")
    layer = CommandLayer(settings, store, queue)
    group = asyncio.create_task(layer.handle(req("/style gogh", images=[make_photo()], **GROUP), Recorder()))
    await until(lambda: queue.holding)
    size = asyncio.create_task(layer.handle(req("/size 256"), Recorder()))
    await asyncio.sleep(0.2)
    assert not size.done()                   # the group photo, sent first, reads the old size
    queue.go.set()
    await asyncio.gather(group, size)
    assert queue.jobs[0].max_side == 128 and store.prefs("tg:1").output_size == 256


async def test_a_private_photo_waits_for_a_group_size_sent_before_it(settings, store):
    layer = CommandLayer(settings, store, FakeQueue())
    seq = layer.arrive("tg:1", "tg:-100", "/size 256")       # numbered; not with the layer yet
    out = Recorder()
    private = asyncio.create_task(layer.handle(req("/style monet", images=[make_photo()]), out))
    await asyncio.sleep(0.2)
    assert not private.done()
    size = req("/size 256", **GROUP)
    size.seq = seq
    await layer.handle(size, Recorder())
    await private
    assert layer.queue.jobs[0].max_side == 256


async def test_a_photo_numbered_in_another_chat_does_not_hold_a_private_one(settings, store):
    layer = CommandLayer(settings, store, FakeQueue())
    seq = layer.arrive("tg:1", "tg:-100", "")       # a group photo still downloading (no caption)
    out = Recorder()
    await asyncio.wait_for(layer.handle(req("/style monet", images=[make_photo()]), out), 2.0)
    assert out.images
    layer.left(seq)
