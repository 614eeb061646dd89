"""/forgetme while the user's own /addstyle is being described (review TR15): the style was kept
once the describing ended, after the forget, with its training queued: the user's data came back.
The forget wins: the style is not kept, and the /addstyle says so."""
from __future__ import annotations

import asyncio

from bot.commands import CommandLayer
from bot.messages import t

from tests.bot.conftest import FakeQueue, make_photo
from tests.bot.test_commands import say


def slow_layer(settings, store):
    """A command layer whose describing waits for ``layer.release`` (an asyncio.Event)."""
    release = asyncio.Event()
    started = asyncio.Event()

    async def describer(images, path):
        started.set()
        await release.wait()
        path.write_bytes(b"descriptor")

    layer = CommandLayer(settings, store, FakeQueue(), describer=describer)
    layer.release, layer.started = release, started
    return layer


async def test_forgetme_while_the_own_addstyle_is_described_keeps_no_style(settings, store):
    layer = slow_layer(settings, store)
    adding = asyncio.create_task(say(layer, "/addstyle Ink", images=[make_photo(seed=3)], user="tg:5"))
    await asyncio.wait_for(layer.started.wait(), 5)
    forgot = await say(layer, "/forgetme yes", user="tg:5")
    assert t("en", "forgot") in forgot.texts[-1]
    layer.release.set()
    out = await asyncio.wait_for(adding, 5)
    assert store.find_style("tg:5", "ink") is None
    assert store.own_styles("tg:5") == []
    assert not list((settings.DATA_DIR / "styles").rglob("ink*.safetensors"))
    assert out.texts[-1] == t("en", "addstyle_forgotten", name="Ink")


async def test_forgetme_while_a_groups_addstyle_is_described_keeps_the_style_without_its_adder(settings, store):
    layer = slow_layer(settings, store)
    adding = asyncio.create_task(say(layer, "/addstyle Ink", images=[make_photo(seed=3)], user="tg:5",
                                     chat="tg:-100", community="tg:-100", admin=True))
    await asyncio.wait_for(layer.started.wait(), 5)
    await say(layer, "/forgetme yes", user="tg:5")
    layer.release.set()
    await asyncio.wait_for(adding, 5)
    style = store.find_style("tg:-100", "ink")
    assert style is not None                       # a group's style stays the group's, as /forgetme keeps them
    assert style.created_by is None and style.created_by_name is None      # but nothing of the forgotten user
