"""/stronger and /weaker with no painting named (no button, no reply) repaint the user's last
painting, whichever chat it was in; but since e678576 they waited only for their own chat's
earlier messages: a private /stronger just after "/style monet" in a group, whose photo was
still downloading, went ahead and repainted the painting before it (the previous artist). Such a
redo now waits for the user's earlier messages in every chat, as a setting does."""
from __future__ import annotations

import asyncio

import pytest

from bot import layer_timing
from bot.commands import CommandLayer

from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req

GROUP = dict(chat="tg:-100", community="tg:-100", mentioned=True)


@pytest.fixture(autouse=True)
def short_wait(monkeypatch):
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 5.0)


@pytest.mark.parametrize("redo", ["/weaker", "/더약하게"])
async def test_a_private_redo_waits_for_a_group_painting_sent_before_it(settings, store, redo):
    layer = CommandLayer(settings, store, FakeQueue())
    await layer.handle(req("/style gogh", images=[make_photo(seed=1)]), Recorder())     # the last painting so far
    seq = layer.arrive("tg:1", "tg:-100", "/style monet")       # its photo downloading
    private = asyncio.create_task(layer.handle(req(redo, locale="ko"), Recorder()))
    await asyncio.sleep(0.2)
    assert not private.done()
    group = req("/style monet", images=[make_photo(seed=2)], **GROUP)
    group.seq = seq
    await layer.handle(group, Recorder())
    await asyncio.wait_for(private, 2.0)
    assert [j.styles[0].value for j in layer.queue.jobs] == ["gogh", "monet", "monet"]


async def test_a_redo_of_a_named_painting_still_does_not_wait_for_another_chat(settings, store):
    layer = CommandLayer(settings, store, FakeQueue())
    await layer.handle(req("/style gogh", images=[make_photo(seed=1)]), Recorder())
    job = layer.queue.jobs[0].id
    seq = layer.arrive("tg:1", "tg:-100", "/style monet")
    out = Recorder()
    await asyncio.wait_for(layer.handle(req(f"/weaker #{job}"), out), 2.0)
    assert [j.styles[0].value for j in layer.queue.jobs] == ["gogh", "gogh"]
    layer.left(seq)
