"""After review of today's flood fixes: a group's second /addstyle said nothing while the first
was described (the scope's lock was taken before its "studying" line), and a flood of videos or
files the bot cannot paint was never limited (each refused upload exempted it from the answer
limit, as a picture is)."""
from __future__ import annotations

import asyncio

from bot import commands
from bot.commands import CommandLayer
from bot.images import UploadError
from bot.messages import t

from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req


async def test_a_groups_second_addstyle_is_told_it_is_being_studied_while_the_first_is(settings, store):
    release = asyncio.Event()

    async def describer(images, path):
        await release.wait()
        path.write_bytes(b"descriptor")

    layer = CommandLayer(settings, store, FakeQueue(), describer=describer)

    def addstyle(user: str, name: str, seed: int):
        return req(f"/addstyle {name}", images=[make_photo(seed=seed)], user=user, chat="tg:-5",
                   community="tg:-5", admin=True)

    first, second = Recorder(), Recorder()
    a = asyncio.ensure_future(layer.handle(addstyle("tg:1", "Dusk", 1), first))
    b = asyncio.ensure_future(layer.handle(addstyle("tg:2", "Dawn", 2), second))
    studying = t("en", "addstyle_working", count=1)
    for _ in range(300):
        if first.texts and second.texts:
            break
        await asyncio.sleep(0.01)
    assert first.texts == [studying] and second.texts == [studying], (first.texts, second.texts)
    release.set()
    await asyncio.wait_for(asyncio.gather(a, b), 10)
    assert sorted(s.name for s in store.styles_in("tg:-5")) == ["Dawn", "Dusk"]


async def test_a_flood_of_videos_is_limited_as_other_messages_are(settings, store, monkeypatch):
    monkeypatch.setattr(commands, "CHATTER_LIMIT", 5)
    layer = CommandLayer(settings, store, FakeQueue())
    out = Recorder()
    for _ in range(12):
        await layer.handle(req("", upload_errors=[UploadError("not_a_still_picture")]), out)
    refusals = [x for x in out.texts if x == t("en", "not_a_still_picture")]
    slow_down = t("en", "too_many_messages", seconds=20).split("20")[0]
    assert 1 <= len(refusals) <= 5 and any(x.startswith(slow_down) for x in out.texts), out.texts
