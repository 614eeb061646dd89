"""Mixing asked in plain words: "반고흐랑 모네 섞어줘", "고흐 모네 섞어서 그려줘" (a photo sent before)
got "press an artist button or /style", while "고흐와 모네" painted the mix. A word asking for a
mix (섞어줘, 섞어서, 섞어, mix) with two or more known artists is their mix now. And a mix of five
artists got the general /mix usage: it says a mix takes at most 4 (the engine's MAX_MIX_STYLES)."""
import pytest

from bot.messages import t
from engine.options import MAX_MIX_STYLES

from tests.bot.test_commands import say


@pytest.mark.parametrize("text", ["반고흐랑 모네 섞어줘", "고흐 모네 섞어서 그려줘", "고흐 모네 섞어", "고흐랑 모네 섞어 주세요",
                                  "mix gogh and monet", "gogh and monet mix please"])
async def test_a_mix_asked_in_words_paints_the_mix(layer, fake_queue, photo, text):
    await say(layer, "", images=[photo], locale="ko")          # the photo: the artist buttons
    out = await say(layer, text, locale="ko")
    assert [[s.value for s in job.styles] for job in fake_queue.jobs] == [["gogh", "monet"]], out.texts
    assert fake_queue.jobs[0].image == photo


async def test_a_mix_word_in_a_photos_caption(layer, fake_queue, photo):
    out = await say(layer, "우리 고양이 고흐 모네 섞어서 그려줘", images=[photo], locale="ko")
    assert [[s.value for s in job.styles] for job in fake_queue.jobs] == [["gogh", "monet"]], out.texts


@pytest.mark.parametrize("text", ["고흐 섞어줘", "섞어줘", "mix it up"])
async def test_a_mix_word_without_two_artists_paints_nothing(layer, fake_queue, photo, text):
    await say(layer, "", images=[photo], locale="ko")
    out = await say(layer, text, locale="ko")
    assert not fake_queue.jobs, out.texts


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("text", ["/mix gogh monet munch klimt cezanne", "/섞기 고흐 모네 뭉크 클림트 세잔",
                                  "/style gogh monet munch klimt cezanne", "/mix gogh 1 monet 1 munch 1 klimt 1 cezanne 1"])
async def test_five_artists_are_told_a_mix_takes_four(layer, fake_queue, photo, text, lang):
    out = await say(layer, text, images=[photo], locale=lang)
    assert not fake_queue.jobs
    [said] = out.texts
    lang = "ko" if "섞기" in text else lang          # (a Korean command word is answered in Korean)
    assert said != t(lang, "bad_mix") and str(MAX_MIX_STYLES) in said, said
    assert ("최대 4명" if lang == "ko" else "at most 4 artists") in said, said
    if text.startswith("/섞기") and lang == "ko":       # its example as typed, the artists in Korean
        assert "/섞기 고흐 70% 모네" in said, said


async def test_four_artists_still_mix(layer, fake_queue, photo):
    await say(layer, "/mix gogh monet munch klimt", images=[photo])
    assert len(fake_queue.jobs[-1].styles) == 4
