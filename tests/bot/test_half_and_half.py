"""Half and half asked in words: "half gogh half monet", "gogh and monet half and half", "고흐 반
모네 반", "반반 고흐 모네". The English ones and "고흐 반 모네 반" painted nothing (the Korean 반반 was
already a mix word): now each is the 50/50 mix "mix gogh and monet" paints. A half that halves
something else ("half the photo", "half an hour", "반반 치킨") still paints nothing."""
import pytest

from bot.mix_requests import halves_as_mix_word, wants_a_mix

from tests.bot.test_commands import say


def painted(fake_queue) -> list[list[tuple[str, float]]]:
    return [sorted((s.value, round(s.weight, 2)) for s in job.styles) for job in fake_queue.jobs]


FIFTY_FIFTY = [[("gogh", 0.5), ("monet", 0.5)]]
HALVES = ["half gogh half monet", "half gogh, half monet please", "gogh and monet half and half",
          "half and half gogh and monet", "gogh and monet 50/50", "half van gogh and half monet",
          "고흐 반 모네 반", "반반 고흐 모네", "고흐 반 모네 반으로 그려줘", "반 고흐 반 모네 반", "고흐랑 모네 반반씩 해줘"]


@pytest.mark.parametrize("text", HALVES)
async def test_half_and_half_in_a_caption_is_the_fifty_fifty_mix(layer, fake_queue, photo, text):
    out = await say(layer, text, images=[photo])
    assert painted(fake_queue) == FIFTY_FIFTY, out.texts


@pytest.mark.parametrize("text", HALVES)
async def test_half_and_half_after_a_photo_is_the_fifty_fifty_mix(layer, fake_queue, photo, text):
    await say(layer, "", images=[photo])            # the artist buttons: a last photo to paint
    out = await say(layer, text)
    assert painted(fake_queue) == FIFTY_FIFTY, out.texts


async def test_it_is_the_same_mix_as_mix_gogh_and_monet(layer, fake_queue, photo):
    await say(layer, "mix gogh and monet", images=[photo])
    await say(layer, "half gogh half monet", images=[photo])
    await say(layer, "고흐 반 모네 반", images=[photo])
    assert painted(fake_queue) == FIFTY_FIFTY * 3


@pytest.mark.parametrize("text", [
    "half the photo gogh", "half an hour", "반반 치킨", "반반 치킨 먹고 싶다", "half and half", "고흐랑 모네 반반이네",
    "can you do half gogh half monet?", "half asleep half awake", "우리 반 애들 반 정도", "half the photo in monet",
    "I spent half the day looking at monet", "빈센트 반 고흐 좋아", "half of my friends like gogh",
    "고흐 반 모네 반 섞으면 어떨까?",
])
async def test_another_half_paints_nothing_after_a_photo(layer, fake_queue, photo, text):
    await say(layer, "", images=[photo])
    out = await say(layer, text)
    assert painted(fake_queue) == [], out.texts


@pytest.mark.parametrize("text", ["half the photo gogh", "half an hour of monet", "half asleep half awake"])
async def test_another_half_in_a_caption_paints_no_mix(layer, fake_queue, photo, text):
    out = await say(layer, text, images=[photo])
    assert all(len(job) < 2 for job in painted(fake_queue)), out.texts


def test_the_halves_read():
    assert halves_as_mix_word("half gogh half monet") == "반반 gogh 반반 monet"
    assert halves_as_mix_word("gogh and monet half-and-half!") == "gogh and monet 반반!"
    assert halves_as_mix_word("고흐 반 모네 반으로") == "고흐 반반 모네 반반으로"
    assert halves_as_mix_word("빈센트 반 고흐 반 모네 반") == "빈센트 반 고흐 반반 모네 반반"
    assert halves_as_mix_word("half an hour") == "half an hour" and halves_as_mix_word("반 고흐") == "반 고흐"
    assert wants_a_mix("half gogh half monet") and not wants_a_mix("half the photo gogh")
