"""An artist the catalog lacks, asked for with a painting verb or in a mix after a painting:
"paint it like picasso", "피카소처럼 그려줘", "피카소 느낌으로 해줘", "mix gogh and picasso",
"고흐랑 피카소 섞어줘" got "Send me a photo". Now they get "I don't know Picasso (yet)" over
the artist buttons; without the verb, or with a mix word that asks nothing, chat stays quiet."""
import pytest

from bot.messages import t
from bot.unknown_artists import unknown_name_in_mix, unknown_name_requested

from tests.bot.test_commands import say


async def after_a_painting(layer, photo, text: str, lang: str):
    await say(layer, "/style gogh", images=[photo], locale=lang)
    return await say(layer, text, locale=lang)


@pytest.mark.parametrize("text,name,lang", [
    ("paint it like picasso", "Picasso", "en"), ("draw this like Picasso please", "Picasso", "en"),
    ("mix gogh and picasso", "Picasso", "en"), ("please mix picasso with monet", "Picasso", "en"),
    ("고흐랑 피카소 섞어줘", "피카소", "ko"), ("피카소처럼 그려줘", "피카소", "ko"),
    ("피카소 느낌으로 해줘", "피카소", "ko"), ("피카소느낌으로 그려 주세요", "피카소", "ko"),
    ("피카소랑 모네 섞어 주세요", "피카소", "ko"),
])
async def test_an_unknown_artist_requested_is_said(layer, fake_queue, photo, text, name, lang):
    out = await after_a_painting(layer, photo, text, lang)
    assert out.texts[0].startswith(t(lang, "unknown_artist_asked", name=name)), out.texts
    assert out.sent[0].buttons and len(fake_queue.jobs) == 1, out.texts


@pytest.mark.parametrize("text", [
    "I love picasso", "picasso was great", "can you mix gogh and picasso?", "don't mix gogh and picasso",
    "paint it like before", "실사처럼 해줘", "어제처럼 그려줘", "피카소처럼", "아까처럼 해줘", "mix gogh and monet",
    "I mixed gogh and picasso", "mix picasso and dali", "paint it like you mean it", "피카소 좋아",
])
async def test_chat_names_no_unknown_artist(layer, photo, text):
    out = await after_a_painting(layer, photo, text, "ko" if any("가" <= c <= "힣" for c in text) else "en")
    assert not any("(yet)" in line or "몰라요" in line for line in out.texts), out.texts


def test_the_names_read():
    never = lambda word: False      # noqa: E731
    known = {"gogh", "monet", "고흐", "모네"}.__contains__
    assert unknown_name_requested("좀 피카소처럼 그려줘요", never) == "피카소"
    assert unknown_name_requested("paint it like picasso's", never) == "picasso"
    assert unknown_name_requested("paint it like me", never) is None
    assert unknown_name_in_mix("고흐와 피카소 섞어줘", known, never) == "피카소"
    assert unknown_name_in_mix("mix gogh, monet and picasso", known, never) == "picasso"
    assert unknown_name_in_mix("mix gogh and monet", known, never) is None


@pytest.mark.parametrize("text", ["따뜻한 느낌으로 해줘", "밝은 느낌으로 그려줘", "몽환적인 느낌으로 해줘",
                                  "차가운 스타일로 해줘", "귀여운 풍으로 해줘"])
async def test_a_mood_in_korean_is_no_unknown_artist(layer, photo, text):
    """A describing word (its last syllable closed by ㄴ) before 느낌으로 or a style word is a mood:
    it said "I don't know 따뜻한 (yet)"."""
    out = await after_a_painting(layer, photo, text, "ko")
    assert not any("몰라요" in line for line in out.texts), out.texts
