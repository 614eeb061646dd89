"""A strength inside a phrase after the artist's name ("/style gogh 0.5 please") is read as the
strength, as one at the end is ("/style gogh please 0.5"): it was read as a mix's weight, and the
reply was "I don't know the style “please”". Where the number could be anything else (a mix's
weight, before any name), the rules are as they were."""
import pytest

from bot.messages import t
from bot.store import photo_hash

from tests.bot.test_commands import say


def painted(fake_queue) -> list[tuple[str, float]]:
    job = fake_queue.jobs[-1]
    return [(s.value, round(s.weight, 2)) for s in job.styles], round(job.alpha, 2)


@pytest.mark.parametrize("text,slug,alpha", [
    ("/style gogh 0.5 please", "gogh", 0.5),
    ("/style gogh please 0.5", "gogh", 0.5),           # as before
    ("/gogh 50% please", "gogh", 0.5),
    ("/style van gogh 30 please", "gogh", 0.3),
    ("/style 고흐 0.5 느낌으로", "gogh", 0.5),
    ("/style 김홍도 70% 느낌으로 그려 주세요", "kimhongdo", 0.7),
    ("/hq monet 0.4 please", "monet", 0.4),
])
@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_strength_after_the_name_inside_a_phrase(layer, fake_queue, photo, text, slug, alpha, lang):
    out = await say(layer, text, images=[photo], locale=lang)
    assert fake_queue.jobs, out.texts
    assert painted(fake_queue) == ([(slug, 1.0)], alpha)


async def test_a_mix_keeps_its_weights(layer, fake_queue, photo):
    await say(layer, "/style gogh 0.7 monet", images=[photo])
    assert painted(fake_queue) == ([("gogh", 0.7), ("monet", 0.3)], 1.0)
    await say(layer, "/style gogh 0.7 monet 0.5", images=[photo])        # the last: this one's strength
    assert painted(fake_queue) == ([("gogh", 0.7), ("monet", 0.3)], 0.5)


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_bad_strength_inside_is_said_as_at_the_end(layer, fake_queue, photo, lang):
    out = await say(layer, "/style gogh 1.5 please", images=[photo], locale=lang)
    assert not fake_queue.jobs
    assert out.texts == [t(lang, "bad_number", value="1.5")]


async def test_a_number_before_any_name_is_no_strength(layer, fake_queue, photo):
    out = await say(layer, "/style 0.5 gogh please", images=[photo])
    assert not fake_queue.jobs, out.texts


async def test_a_mistyped_name_with_a_strength_inside_offers_a_button_that_paints(layer, fake_queue, photo):
    out = await say(layer, "/style gohg 0.5 please", images=[photo])
    assert not fake_queue.jobs
    buttons = [b.command for row in out.sent[0].buttons for b in row]
    assert buttons == [f"/style gogh 0.5 please #{photo_hash(photo)}"]
    await say(layer, buttons[0])
    assert painted(fake_queue) == ([("gogh", 1.0)], 0.5)


async def test_a_community_style_with_a_strength_inside(layer, fake_queue, photo):
    from tests.bot.conftest import make_photo

    await say(layer, "/addstyle Summer2024", images=[make_photo(80, 80, seed=4)])
    await say(layer, "/style Summer2024 0.6 please", images=[photo])
    job = fake_queue.jobs[-1]
    assert job.styles[0].kind == "descriptor" and round(job.alpha, 2) == 0.6


@pytest.mark.parametrize("text", ["/style gogh 0.7 monet please", "/style 고흐 0.7 모네 느낌으로"])
async def test_a_mix_with_weights_inside_a_phrase(layer, fake_queue, photo, text):
    """The polite word after a mix's weights was "I don't know the style “please”"."""
    out = await say(layer, text, images=[photo])
    assert fake_queue.jobs, out.texts
    assert painted(fake_queue) == ([("gogh", 0.7), ("monet", 0.3)], 1.0)


@pytest.mark.parametrize("text", ["/style gogh monet 0.3 please", "/style gogh monet please 0.3",
                                  "/style 고흐와 모네 30% 느낌으로", "/style 고흐와 모네 느낌으로 30%"])
async def test_a_number_after_every_name_of_a_mix_is_its_strength_wherever_the_phrase_ends(
        layer, fake_queue, photo, text):
    """"gogh monet 0.3 please" read 0.3 as monet's weight (gogh 70% + monet 30%, at full strength)
    while "gogh monet please 0.3" painted the even mix at 0.3. Found by a review."""
    out = await say(layer, text, images=[photo])
    assert fake_queue.jobs, out.texts
    assert painted(fake_queue) == ([("gogh", 0.5), ("monet", 0.5)], 0.3)
