"""A button's tap is not chatter: the 21st tap of "Another artist" (/pick #<photo>) in 20 s was
told to slow down. A tap names its painting or photo (PAINTING_REF), as a typed command does not."""
from __future__ import annotations

from bot.commands import CHATTER_LIMIT, CommandLayer
from bot.messages import t
from bot.store import photo_hash

from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req, say
from tests.bot.test_photos_not_chatter import flood_of_help


async def test_taps_on_another_artist_are_not_counted(settings, store):
    layer = CommandLayer(settings, store, FakeQueue(), clock=lambda: 1000.0)
    photo = make_photo(seed=3)
    await say(layer, "", images=[photo])
    out = Recorder()
    for _ in range(CHATTER_LIMIT + 5):
        await layer.handle(req(f"/pick #{photo_hash(photo)}"), out)
    assert out.texts == [t("en", "pick_artist")] * (CHATTER_LIMIT + 5), out.texts[-2:]
    # typed commands that paint nothing still count
    await flood_of_help(layer)
