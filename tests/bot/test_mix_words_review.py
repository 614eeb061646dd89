"""Review of the plain-words mix (9b134d1): in a photo's caption it painted the mix of every name
beside a mix word, so "I don't want to mix gogh and monet" and "monet mixed colours with gogh"
were painted as a mix of the two. The mix word now takes only the names joined to it, and a mix
said not to be wanted asks for nothing. Five artists with a mix word got the artist buttons, not
the mix's limit that /mix says."""
import pytest

from tests.bot.test_commands import say


def mixes(fake_queue) -> list[list[str]]:
    return [[s.value for s in job.styles] for job in fake_queue.jobs]


@pytest.mark.parametrize("caption", ["I don't want to mix gogh and monet", "cat by gogh, not a mix with monet",
                                     "monet mixed colours with gogh", "고흐랑 모네 섞어서 그리지 마세요",
                                     "모네 말고 고흐, 믹스 안 해도 돼요"])
async def test_a_caption_not_asking_for_a_mix_paints_none(layer, fake_queue, photo, caption):
    out = await say(layer, caption, images=[photo], locale="ko" if "고흐" in caption else "en")
    assert [m for m in mixes(fake_queue) if len(m) > 1] == [], out.texts


@pytest.mark.parametrize("caption", ["my cat, mix gogh and monet", "gogh & monet blend", "우리 고양이 고흐 모네 섞어서 그려줘",
                                     "우리 고양이 고흐랑 모네를 섞어서 그려줘"])
async def test_a_caption_asking_for_a_mix_still_paints_it(layer, fake_queue, photo, caption):
    out = await say(layer, caption, images=[photo], locale="ko" if "고흐" in caption else "en")
    assert mixes(fake_queue) == [["gogh", "monet"]], out.texts


@pytest.mark.parametrize("lang,text,said", [("en", "mix gogh monet munch klimt cezanne", "at most 4 artists"),
                                            ("ko", "고흐 모네 뭉크 클림트 세잔 섞어줘", "최대 4명")])
@pytest.mark.parametrize("as_caption", [False, True])
async def test_five_artists_in_words_are_told_a_mix_takes_four(layer, fake_queue, photo, lang, text, said, as_caption):
    if not as_caption:
        await say(layer, "", images=[photo], locale=lang)           # the photo first: the artist buttons
    out = await say(layer, text, images=[photo] if as_caption else [], locale=lang)
    assert not fake_queue.jobs
    assert said in out.texts[-1], out.texts


@pytest.mark.parametrize("text", ["I don't want to mix gogh and monet", "can you mix gogh and monet?"])
async def test_text_after_a_photo_not_asking_paints_none(layer, fake_queue, photo, text):
    await say(layer, "", images=[photo])
    out = await say(layer, text)
    assert not fake_queue.jobs, out.texts
