"""How a request flows through the command layer (fake queue), from a UX audit in English and
Korean: a photo sent with a failed command stays for the retry, artists named without a slash,
/style alone, mistyped commands, limits that hold under concurrent requests and refusals that
do not silence other commands. Each case was a reply of the old code."""
from __future__ import annotations

import pytest

from bot.messages import t

from .conftest import make_photo
from .test_commands import say


def commands_of(reply) -> list[str]:
    return [b.command for row in reply.buttons for b in row]


# -- 1: the photo sent with a failed command -----------------------------------------------------
@pytest.mark.parametrize("failed", ["/style gohg", "/gohg", "/style picasso", "/mix gogh 0.5 monett klimtt",
                                    "/size 99999", "/style", "/mix gogh"])
async def test_a_photo_sent_with_a_failed_command_is_the_one_the_retry_paints(layer, fake_queue, failed):
    older, new = make_photo(seed=1), make_photo(seed=2)
    await say(layer, "/style monet", images=[older])
    await say(layer, failed, images=[new])
    await say(layer, "/style gogh")
    assert fake_queue.jobs[-1].image == new, failed
    assert fake_queue.jobs[-1].styles[0].value == "gogh"


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_first_photo_sent_with_a_typo_is_kept(layer, fake_queue, lang):
    photo = make_photo(seed=3)
    await say(layer, "/style gohg", images=[photo], user="tg:8", locale=lang)
    out = await say(layer, "/style gogh", user="tg:8", locale=lang)
    assert t(lang, "no_photo") not in out.texts and out.images == [photo]


async def test_paintings_sent_to_addstyle_are_no_photo_to_paint(layer, fake_queue):
    photo, painting = make_photo(seed=4), make_photo(90, 90, seed=5)
    await say(layer, "/style monet", images=[photo])
    await say(layer, "/addstyle my watercolours", images=[painting])
    await say(layer, "/style gogh")
    assert fake_queue.jobs[-1].image == photo
