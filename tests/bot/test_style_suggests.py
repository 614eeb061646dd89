"""/style (and /hq) with a mistyped name whose fix names one artist twice ("/style gogh gohg")
suggests that artist, with a button that paints it alone, as "/style gogh gogh" offers: there was
no "Did you mean" at all, only "/styles lists every artist"."""
import pytest

from bot.store import photo_hash

from tests.bot.test_commands import say


@pytest.mark.parametrize("text,meant", [("/style gogh gohg", "/style gogh"), ("/hq gogh gohg 0.5", "/hq gogh 0.5"),
                                        ("/gogh gohg", "/style gogh")])
@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_fix_naming_one_artist_twice_offers_that_artist(layer, fake_queue, photo, text, meant, lang):
    out = await say(layer, text, images=[photo], locale=lang)
    assert not fake_queue.jobs
    assert layer.catalog.get("gogh").name(lang) in out.texts[0], out.texts
    commands = [b.command for row in out.sent[0].buttons for b in row]
    assert commands == [f"{meant} #{photo_hash(photo)}"]
    await say(layer, commands[0], locale=lang)
    assert [(s.value, s.weight) for s in fake_queue.jobs[-1].styles] == [("gogh", 1.0)]


async def test_a_fix_in_a_real_mix_is_as_it_was(layer, fake_queue, photo):
    out = await say(layer, "/style gohg monet", images=[photo])
    assert [b.command for row in out.sent[0].buttons for b in row] == [f"/style gogh monet #{photo_hash(photo)}"]
