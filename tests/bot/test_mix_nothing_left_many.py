"""Review of d2895df: "/mix gogh 60 monet 40 klimt" was told "... or paint Vincent van Gogh,
Claude Monet alone with /style", a way out that does not exist (/style paints one artist). With
several artists weighted the reply says to mix them without the others (mix_nothing_left_many);
one weighted artist keeps its /style advice."""
from __future__ import annotations

import pytest

from bot.commands import CommandLayer
from bot.messages import t
from bot.name_lists import names_listed

from tests.bot.conftest import FakeQueue
from tests.bot.test_commands import say


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("text", ["/mix gogh 60 monet 40 klimt", "/mix gogh 0.1 monet 0.2 klimt 0.7 matisse"])
async def test_several_weighted_artists_are_not_sent_to_style(settings, store, lang, text):
    layer = CommandLayer(settings, store, FakeQueue())
    out = await say(layer, text, locale=lang)
    names = [layer.catalog.get(n).name(lang) for n in text.split()[1::2]]
    *weighted, rest = names
    assert out.texts == [t(lang, "mix_nothing_left_many", weight="100%", weighted=names_listed(lang, weighted), rest=rest)]
    assert "/style" not in out.texts[0] and not layer.queue.jobs


async def test_one_weighted_artist_keeps_the_style_advice(settings, store):
    layer = CommandLayer(settings, store, FakeQueue())
    out = await say(layer, "/mix gogh 100% monet")
    assert out.texts == [t("en", "mix_nothing_left", weight="100%", weighted="Vincent van Gogh", rest="Claude Monet")]
