"""A photo (alone, or with a caption naming an artist) is not chatter: past CHATTER_LIMIT
messages that paint nothing, a photo sent alone was dropped without a word (not painted, not
kept: a later /gogh painted the photo before it). Only requests that paint nothing count."""
from __future__ import annotations

from bot.commands import CHATTER_LIMIT, CommandLayer
from bot.messages import t

from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req, say

SLOW = t("en", "too_many_messages", seconds=9).split("9")[0]


async def flood_of_help(layer):
    out = Recorder()
    for _ in range(CHATTER_LIMIT + 1):
        await layer.handle(req("/help"), out)
    assert out.texts[-1].startswith(SLOW)          # the limit is reached


async def test_a_photo_alone_past_the_limit_gets_its_buttons_and_is_kept(settings, store):
    queue = FakeQueue()
    layer = CommandLayer(settings, store, queue, clock=lambda: 1000.0)
    first, second = make_photo(seed=1), make_photo(seed=2)
    assert (await say(layer, "", images=[first])).texts == [t("en", "pick_artist")]
    await flood_of_help(layer)
    out = await say(layer, "", images=[second])
    assert out.texts == [t("en", "pick_artist")], out.texts
    assert (await say(layer, "/gogh")).images
    assert queue.jobs[-1].image == second                # the photo sent last, not the one before


async def test_a_photo_with_an_artists_caption_past_the_limit_is_painted(settings, store):
    layer = CommandLayer(settings, store, FakeQueue(), clock=lambda: 1000.0)
    await flood_of_help(layer)
    out = await say(layer, "gogh", images=[make_photo(seed=5)])
    assert out.images and not any(text.startswith(SLOW) for text in out.texts), out.texts
