"""/addstyle's cap counts the styles kept, never those still being described: with 3 being
described and none kept, a 4th was told "You have 3 styles of your own; the limit is 3. Remove
one with /removestyle" (nothing to remove), and a style just kept was counted twice until its
"Added" line was edited (refused at 2 of 3). A user's /addstyle are now taken one at a time."""
from __future__ import annotations

import asyncio

from bot.commands import CommandLayer
from bot.messages import t

from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req


async def test_one_being_described_that_fails_leaves_room_for_the_next(settings, store):
    settings.MAX_STYLES_PER_USER = 1
    calls = []

    async def describer(images, path):
        calls.append(1)
        await asyncio.sleep(0.05)
        if len(calls) == 1:
            raise RuntimeError("the engine fell over")
        path.write_bytes(b"descriptor")

    layer = CommandLayer(settings, store, FakeQueue(), describer=describer)
    out = Recorder()
    await asyncio.gather(layer.handle(req("/addstyle first", images=[make_photo(seed=1)]), out),
                         layer.handle(req("/addstyle second", images=[make_photo(seed=2)]), out))
    assert [s.name for s in store.styles_in("tg:1")] == ["second"], out.texts
    assert not any("the limit is" in text for text in out.texts), out.texts


class SlowEdits(Recorder):
    """The "Added" line's edit held until the test lets it go."""

    def __init__(self):
        super().__init__()
        self.gate = asyncio.Event()

    async def edit(self, handle, reply):
        await self.gate.wait()
        await super().edit(handle, reply)


async def test_a_style_just_kept_is_counted_once(settings, store):
    settings.MAX_STYLES_PER_USER = 3

    async def describer(images, path):
        path.write_bytes(b"descriptor")

    layer = CommandLayer(settings, store, FakeQueue(), describer=describer)
    await layer.handle(req("/addstyle one", images=[make_photo(seed=1)]), Recorder())
    slow = SlowEdits()
    first = asyncio.ensure_future(layer.handle(req("/addstyle two", images=[make_photo(seed=2)]), slow))
    for _ in range(200):
        if len(store.styles_in("tg:1")) == 2:
            break
        await asyncio.sleep(0.01)
    assert len(store.styles_in("tg:1")) == 2
    out = Recorder()
    second = asyncio.ensure_future(layer.handle(req("/addstyle three", images=[make_photo(seed=3)]), out))
    for _ in range(20):
        await asyncio.sleep(0.01)
    slow.gate.set()
    await asyncio.gather(first, second)
    assert len(store.styles_in("tg:1")) == 3, out.texts


async def test_a_burst_past_the_cap_is_refused_with_the_count_kept(settings, store):
    settings.MAX_STYLES_PER_USER = 3
    described = []

    async def describer(images, path):
        described.append(1)
        await asyncio.sleep(0.02)
        path.write_bytes(b"descriptor")

    layer = CommandLayer(settings, store, FakeQueue(), describer=describer)
    out = Recorder()
    await asyncio.gather(*[layer.handle(req(f"/addstyle mine{i}", images=[make_photo(seed=i)]), out)
                           for i in range(15)])
    assert len(described) == 3 and len(store.styles_in("tg:1")) == 3
    refused = t("en", "addstyle_limit_own", count=3, limit=3)
    assert out.texts.count(refused) == 12, out.texts
