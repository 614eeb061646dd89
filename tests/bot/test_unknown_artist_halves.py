"""An artist the catalog lacks in a half-and-half mix ("half picasso half monet", "반은 피카소 반은
모네", "피카소 반 모네 반"): said "I don't know Picasso (yet)" as "mix picasso and monet" is; the
"half" words were read as names, so no one name was unknown and the common hint came instead."""
import pytest

from bot.messages import t
from bot.unknown_artists import unknown_name_in_mix

from tests.bot.test_commands import say


async def after_a_painting(layer, photo, text: str, lang: str):
    await say(layer, "/style gogh", images=[photo], locale=lang)
    return await say(layer, text, locale=lang)


@pytest.mark.parametrize("text,name,lang", [
    ("half picasso half monet", "Picasso", "en"), ("half gogh, half picasso please", "Picasso", "en"),
    ("picasso and monet half and half", "Picasso", "en"), ("반은 피카소 반은 모네", "피카소", "ko"),
    ("피카소 반 모네 반으로 그려줘", "피카소", "ko"),
])
async def test_an_unknown_artist_in_halves_is_said(layer, fake_queue, photo, text, name, lang):
    out = await after_a_painting(layer, photo, text, lang)
    assert out.texts[0].startswith(t(lang, "unknown_artist_asked", name=name)), out.texts
    assert len(fake_queue.jobs) == 1, out.texts


@pytest.mark.parametrize("text,lang", [("half picasso half dali", "en"), ("half an hour of picasso", "en"),
                                       ("can you do half picasso half monet?", "en"), ("반반 치킨", "ko")])
async def test_no_one_unknown_artist_in_halves_is_said_of_none(layer, photo, text, lang):
    out = await after_a_painting(layer, photo, text, lang)
    assert not any("(yet)" in line or "몰라요" in line for line in out.texts), out.texts


def test_the_name_read():
    known = {"gogh", "monet", "고흐", "모네"}.__contains__
    assert unknown_name_in_mix("half picasso half monet", known, lambda word: False) == "picasso"
    assert unknown_name_in_mix("고흐 반 피카소 반", known, lambda word: False) == "피카소"
