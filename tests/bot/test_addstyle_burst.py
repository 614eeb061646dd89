"""Many /addstyle at once from one user: each was described (the engine, one at a time for every
user of the bot) and only then found past the user's cap, so 15 at once under a cap of 3 ran the
engine 15 times, holding up everyone's /addstyle behind 12 paintings' worth of wasted work. A
scope's /addstyle are now taken one at a time, each checked against the styles kept."""
from __future__ import annotations

import asyncio

from bot.commands import CommandLayer

from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req


async def test_a_burst_of_addstyle_describes_no_more_than_the_cap(settings, store):
    settings.MAX_STYLES_PER_USER = 3
    described = []

    async def describer(images, path):
        described.append(len(images))
        await asyncio.sleep(0.05)           # described one at a time, as the engine's describer is
        path.write_bytes(b"descriptor")

    layer = CommandLayer(settings, store, FakeQueue(), describer=describer)
    out = Recorder()
    await asyncio.gather(*[layer.handle(req(f"/addstyle mine{i}", images=[make_photo(seed=i)]), out)
                           for i in range(15)])
    assert len(store.styles_in("tg:1")) == 3
    assert len(described) == 3, len(described)
    assert sum("the limit is 3" in text for text in out.texts) >= 1
    # once they are added, the cap is the styles kept, as before; a removed one makes room
    await layer.handle(req("/removestyle mine0"), out)
    await layer.handle(req("/addstyle another", images=[make_photo(seed=99)]), out)
    assert len(described) == 4 and len(store.styles_in("tg:1")) == 3
    assert not layer.__dict__.get("_adding_now")


async def test_a_failed_describe_gives_its_room_back(settings, store):
    settings.MAX_STYLES_PER_USER = 1

    async def broken(images, path):
        raise RuntimeError("the engine fell over")

    layer = CommandLayer(settings, store, FakeQueue(), describer=broken)
    await layer.handle(req("/addstyle mine", images=[make_photo()]), Recorder())
    assert not layer.__dict__.get("_adding_now") and not store.styles_in("tg:1")
