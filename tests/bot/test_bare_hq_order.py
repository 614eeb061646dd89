"""A bare /hq (no artist, no button, no reply) redoes the user's last painting in high quality,
whichever chat it was in, as /stronger does; but it waited only for its own chat's earlier
messages: a private /hq just after "/style monet" in a group, whose photo was still downloading,
went ahead and redid the painting before it (gogh). It now waits for the user's earlier messages
in every chat, as /stronger does; an /hq naming its artist or painting still does not."""
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


@pytest.mark.parametrize("redo", ["/hq", "/고화질", "/hq 0.5", "/hq 0.5 #cat", "/hq@paintbot"])
async def test_a_private_bare_hq_waits_for_a_group_painting_sent_before_it(settings, store, redo):
    layer = CommandLayer(settings, store, FakeQueue())
    await layer.handle(req("/style gogh", images=[make_photo(seed=1)]), Recorder())     # the last painting so far
    seq = layer.arrive("tg:1", "tg:-100", "/style monet")       # its photo downloading
    private = asyncio.create_task(layer.handle(req(redo), Recorder()))
    await asyncio.sleep(0.2)
    assert not private.done()
    group = req("/style monet", images=[make_photo(seed=2)], **GROUP)
    group.seq = seq
    await layer.handle(group, Recorder())
    await asyncio.wait_for(private, 2.0)
    jobs = layer.queue.jobs
    assert [(j.styles[0].value, j.method) for j in jobs][1:] == [("monet", "auto"), ("monet", "gatys")]


@pytest.mark.parametrize("named", ["/hq klimt", "/hq_klimt", "/hq #klimt"])
async def test_an_hq_naming_its_artist_does_not_wait_for_another_chat(settings, store, named):
    layer = CommandLayer(settings, store, FakeQueue())
    await layer.handle(req("/style gogh", images=[make_photo(seed=1)]), Recorder())
    seq = layer.arrive("tg:1", "tg:-100", "/style monet")
    await asyncio.wait_for(layer.handle(req(named), Recorder()), 2.0)
    assert [(j.styles[0].value, j.method) for j in layer.queue.jobs] == [("gogh", "auto"), ("klimt", "gatys")]
    layer.left(seq)


async def test_an_hq_button_of_a_painting_does_not_wait_for_another_chat(settings, store):
    layer = CommandLayer(settings, store, FakeQueue())
    await layer.handle(req("/style gogh", images=[make_photo(seed=1)]), Recorder())
    job = layer.queue.jobs[0].id
    seq = layer.arrive("tg:1", "tg:-100", "/style monet")
    await asyncio.wait_for(layer.handle(req(f"/hq #{job}"), Recorder()), 2.0)
    assert [(j.styles[0].value, j.method) for j in layer.queue.jobs] == [("gogh", "auto"), ("gogh", "gatys")]
    layer.left(seq)
