"""Strength and half and half in words typed after a command: "/style gogh strongly", "/style 고흐
강하게", "/style monet a little", "/mix half gogh half monet", "/mix 고흐 반 모네 반". They answered
"I don't know the style 강하게" (or "half"), where the same words under a photo paint: now the
command reads them as the caption does (arguments.strength_in_words, mix_requests.without_halves).
A strength typed as a number still wins, and a word said of no artist is still unknown."""
import pytest

from bot.arguments import LIGHT_STRENGTH, STRONG_STRENGTH

from tests.bot.test_commands import say


def painted(fake_queue) -> list[tuple[list[tuple[str, float]], float]]:
    return [(sorted((s.value, round(s.weight, 2)) for s in job.styles), round(job.alpha, 2)) for job in fake_queue.jobs]


@pytest.mark.parametrize("text,slug,alpha,lang", [
    ("/style gogh strongly", "gogh", STRONG_STRENGTH, "en"), ("/style a little monet", "monet", LIGHT_STRENGTH, "en"),
    ("/style monet, lightly please", "monet", LIGHT_STRENGTH, "en"), ("/style 고흐 강하게", "gogh", STRONG_STRENGTH, "ko"),
    ("/style 모네 살짝", "monet", LIGHT_STRENGTH, "ko"), ("/style 모네 느낌으로 은은하게", "monet", LIGHT_STRENGTH, "ko"),
    ("/hq gogh strongly", "gogh", STRONG_STRENGTH, "en"),
])
async def test_a_strength_in_words_after_style(layer, fake_queue, photo, text, slug, alpha, lang):
    await say(layer, "/strength 0.8", locale=lang)
    out = await say(layer, text, images=[photo], locale=lang)
    assert painted(fake_queue) == [([(slug, 1.0)], alpha)], out.texts


@pytest.mark.parametrize("text", ["/style gogh 0.6 strongly", "/style gogh strongly 0.6", "/style gogh strongly 60%"])
async def test_a_number_typed_wins(layer, fake_queue, photo, text):
    """Before or after the words ("gogh strongly 0.6": Discord's strength option after a typed artist)."""
    out = await say(layer, text, images=[photo])
    assert painted(fake_queue) == [([("gogh", 1.0)], 0.6)], out.texts


@pytest.mark.parametrize("text,lang", [("/style light like monet", "en"), ("/style gogh, strongly agree", "en")])
async def test_a_word_said_of_no_artist_is_not_a_strength(layer, fake_queue, photo, text, lang):
    await say(layer, "/strength 0.8", locale=lang)
    out = await say(layer, text, images=[photo], locale=lang)
    assert all(alpha == 0.8 for _, alpha in painted(fake_queue)), out.texts


FIFTY_FIFTY = [([("gogh", 0.5), ("monet", 0.5)], 1.0)]


@pytest.mark.parametrize("text,lang", [
    ("/mix half gogh half monet", "en"), ("/mix gogh and monet half and half", "en"), ("/mix gogh monet 50/50", "en"),
    ("/mix 고흐 반 모네 반", "ko"), ("/mix 반은 고흐 반은 모네", "ko"), ("/mix 고흐 모네 반반", "ko"),
])
async def test_half_and_half_after_mix(layer, fake_queue, photo, text, lang):
    out = await say(layer, text, images=[photo], locale=lang)
    assert painted(fake_queue) == FIFTY_FIFTY, out.texts


async def test_mix_weights_are_read_as_before(layer, fake_queue, photo):
    out = await say(layer, "/mix gogh 0.7 monet", images=[photo])
    assert painted(fake_queue) == [([("gogh", 0.7), ("monet", 0.3)], 1.0)], out.texts
