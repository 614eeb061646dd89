""""Another artist" under a painting offered the painting's own artist among the nine (found by
acting as a user in the web chat: Monet under a Monet). Its artists are left out now, the next
ones of the catalog in their place; a photo's own artist buttons still offer every popular one."""
import pytest

from tests.bot.conftest import make_photo

from tests.bot.test_another_artist import buttons_of
from tests.bot.test_commands import say


def offered(reply) -> list[str]:
    return [b.command.split()[1] for row in reply.buttons for b in row if b.command.startswith("/style ")]


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_another_artist_leaves_out_the_paintings_own(layer, fake_queue, lang):
    painting = await say(layer, "/style monet", images=[make_photo(seed=3)], locale=lang)
    picker = await say(layer, buttons_of(painting.sent[-1])["/pick"], locale=lang)
    slugs = offered(picker.sent[-1])
    assert "monet" not in slugs
    assert len(slugs) == len(set(slugs)) == len(layer.popular)      # still nine, none twice
    assert "gogh" in slugs


async def test_a_mix_leaves_out_both_and_a_photos_buttons_keep_everyone(layer, fake_queue):
    painting = await say(layer, "/mix gogh monet", images=[make_photo(seed=4)])
    picker = await say(layer, buttons_of(painting.sent[-1])["/pick"])
    slugs = offered(picker.sent[-1])
    assert not {"gogh", "monet"} & set(slugs) and len(slugs) == len(layer.popular)
    photo_buttons = await say(layer, "/pick", images=[make_photo(seed=5)])
    assert offered(photo_buttons.sent[-1]) == layer.popular
