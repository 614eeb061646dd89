"""/mix with a mistyped name whose fix leaves one artist ("/mix gogh gohg": gogh twice; "/mix
gohg": gogh alone) suggests that artist, with a button that paints it alone, as "/mix gogh gogh"
offers: there was no "Did you mean" at all, only "/styles lists every artist"."""
import pytest

from bot.messages import t
from bot.store import photo_hash

from tests.bot.test_commands import say


@pytest.mark.parametrize("text", ["/mix gogh gohg", "/mix gohg", "/mix gogh 0.7 gohg"])
@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_mistyped_name_that_leaves_one_artist_is_suggested(layer, fake_queue, photo, text, lang):
    out = await say(layer, text, images=[photo], locale=lang)
    assert not fake_queue.jobs
    name = layer.catalog.get("gogh").name(lang)
    assert name in out.texts[0] and out.texts[0] != t(lang, "unknown_style", name=text.split()[-1]) + " " + \
        t(lang, "unknown_style_list"), out.texts
    commands = [b.command for row in out.sent[0].buttons for b in row]
    assert commands == [f"/style gogh #{photo_hash(photo)}"]
    await say(layer, commands[0], locale=lang)                # the button paints Van Gogh alone
    assert [(s.value, s.weight) for s in fake_queue.jobs[-1].styles] == [("gogh", 1.0)]


async def test_a_mistyped_name_in_a_real_mix_still_offers_the_mix(layer, fake_queue, photo):
    out = await say(layer, "/mix gohg monet", images=[photo])
    assert [b.command for row in out.sent[0].buttons for b in row] == [f"/mix gogh monet #{photo_hash(photo)}"]
