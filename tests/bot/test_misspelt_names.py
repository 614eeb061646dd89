"""A mistyped name of several words ("van gohg", "빈센트 반 고호") is one artist's name, and its
suggestion swaps it whole: "/style gogh", not "/style gogh gohg" (the first word alone, "van",
was near "vangogh" and was taken as the unknown word)."""
from __future__ import annotations

import pytest

from bot.messages import t
from bot.misspelt import one_name
from bot.store import photo_hash
from styles import load_catalog

from tests.bot.test_commands import say


def commands_of(reply) -> list[str]:
    return [b.command for row in reply.buttons for b in row]


@pytest.mark.parametrize("text,unknown,meant", [
    ("/style van gohg", "van gohg", "/style gogh"),
    ("/style vincent van gohg", "vincent van gohg", "/style gogh"),
    ("/style claude monett", "claude monett", "/style monet"),
    ("/style kim hongdu", "kim hongdu", "/style kimhongdo"),        # "kim" alone is nearest to Klimt
    ("/hq gustav klimpt 0.5", "gustav klimpt", "/hq klimt 0.5"),
    ("/style 빈센트 반 고호", "빈센트 반 고호", "/style gogh"),          # "빈센트" alone is known
    ("/style 클로드 모내", "클로드 모내", "/style monet"),
    ("/style 단원 김홍두", "단원 김홍두", "/style kimhongdo"),          # "단원" alone is known
    ("/style 겸재 정슨", "겸재 정슨", "/style jeongseon"),
    ("/mix van gohg 70% monet", "van gohg", "/mix gogh 70% monet"),
    ("/style monet van gohg", "van gohg", "/style monet gogh"),
])
async def test_a_mistyped_name_of_several_words_is_swapped_whole(layer, fake_queue, photo, text, unknown, meant):
    out = await say(layer, text, images=[photo])
    assert not fake_queue.jobs
    assert out.texts[0].startswith(t("en", "unknown_style", name=unknown) + " "), out.texts
    assert commands_of(out.sent[0])[0] == f"{meant} #{photo_hash(photo)}"


@pytest.mark.parametrize("text,unknown,meant", [("/style gohg monet", "gohg", "/style gogh monet"),
                                                ("/hq monet gohg 0.5", "gohg", "/hq monet gogh 0.5"),
                                                ("/style gohg monett", "gohg", "/style gogh monett")])
async def test_two_artists_one_mistyped_still_swap_only_that_one(layer, fake_queue, photo, text, unknown, meant):
    out = await say(layer, text, images=[photo])
    assert out.texts[0].startswith(t("en", "unknown_style", name=unknown) + " ")
    assert commands_of(out.sent[0])[0] == f"{meant} #{photo_hash(photo)}"


async def test_the_suggested_button_paints_the_artist(layer, fake_queue, photo):
    out = await say(layer, "/style van gohg", images=[photo])
    await say(layer, commands_of(out.sent[0])[0])
    [job] = fake_queue.jobs
    assert [(s.value, s.weight) for s in job.styles] == [("gogh", 1.0)]


def test_one_name_is_one_artists_name_only():
    catalog = load_catalog()
    assert one_name(["van", "gohg"], catalog) == "gogh"
    assert one_name(["폴", "세잔느"], catalog) == "cezanne"
    assert one_name(["gohg", "monet"], catalog) is None
    assert one_name(["gohg"], catalog) is None                 # one word: the catalog's suggestion says
    assert one_name(["the", "gohg"], catalog) is None           # "the" is no word of his names
    assert one_name(["gogh", "gohg"], catalog) is None          # one word twice: no name of his
    assert one_name(["gohg", "gohg"], catalog) is None


@pytest.mark.parametrize("text,meant", [("/mix gogh gohg", ["/style gogh"]), ("/mix gohg gohg", ["/mix gogh gohg"])])
async def test_a_mix_naming_one_artist_twice_mistyped_offers_the_mix(layer, fake_queue, photo, text, meant):
    """"/mix gogh gohg" was taken for one mistyped name ("gogh gohg"), and its button offered
    "/mix gogh": a mix of one, which only got the /mix usage text. Found by an adversarial run.
    Nor is "/mix gogh gogh" offered: Van Gogh twice is no mix (tests/bot/test_mix_repeats.py)."""
    out = await say(layer, text, images=[photo])
    assert not fake_queue.jobs
    assert out.texts[0].startswith(t("en", "unknown_style", name="gohg") + " ")
    assert [c.split(" #")[0] for c in commands_of(out.sent[0])] == meant


@pytest.mark.parametrize("text,meant", [("/van gohg", "/style gogh"), ("/van gohg 50%", "/style gogh 50%"),
                                        ("/claude monett", "/style monet"), ("/빈센트 반 고호", "/style gogh")])
async def test_a_mistyped_name_typed_as_the_command_is_suggested_whole(layer, fake_queue, photo, text, meant):
    """"/van gohg": the name begins as the command word; "van" alone was taken as the unknown
    command and its button offered "/style gogh gohg"."""
    out = await say(layer, text, images=[photo])
    assert not fake_queue.jobs
    assert commands_of(out.sent[0]) == [f"{meant} #{photo_hash(photo)}"], out.texts
