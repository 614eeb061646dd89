"""A mix said not to be wanted threw away the artist the user did ask for: "don't mix gogh and
monet, just munch" and "고흐랑 모네 섞지 말고 뭉크로" got the artist buttons ('섞지 말고' was no mix
word at all). The one artist named outside the refused mix is painted now, where the words
around it ask for it as a name alone would. And '고흐는 모네랑 섞어줘' (a topic particle on a
name) mixes the two as '고흐랑 모네 섞어줘' does."""
import pytest

from tests.bot.test_commands import say


def painted(fake_queue) -> list[list[str]]:
    return [[s.value for s in job.styles] for job in fake_queue.jobs]


def lang_of(text: str) -> str:
    return "ko" if any("가" <= c <= "힣" for c in text) else "en"


CHOSEN = [("don't mix gogh and monet, just munch", "munch"), ("I don't want to mix gogh and monet, just munch", "munch"),
          ("munch please, don't mix gogh and monet", "munch"), ("no mix, munch please", "munch"),
          ("don't mix them, just munch", "munch"), ("고흐랑 모네 섞지 말고 뭉크로", "munch"), ("섞지 말고 뭉크만", "munch"),
          ("고흐랑 모네 섞지마 뭉크로", "munch"), ("고흐는 모네랑 섞지 말고 뭉크", "munch"),
          ("모네 말고 고흐, 믹스 안 해도 돼요", "gogh"), ("not monet, gogh, no need to mix", "gogh")]


@pytest.mark.parametrize("text,artist", CHOSEN)
async def test_the_artist_beside_a_refused_mix_is_painted_as_a_caption(layer, fake_queue, photo, text, artist):
    out = await say(layer, text, images=[photo], locale=lang_of(text))
    assert painted(fake_queue) == [[artist]], out.texts


@pytest.mark.parametrize("text,artist", CHOSEN)
async def test_the_artist_beside_a_refused_mix_is_painted_after_a_photo(layer, fake_queue, photo, text, artist):
    await say(layer, "", images=[photo], locale=lang_of(text))          # the photo: the artist buttons
    out = await say(layer, text, locale=lang_of(text))
    assert painted(fake_queue) == [[artist]], out.texts
    assert fake_queue.jobs[0].image == photo


@pytest.mark.parametrize("text", ["I don't want to mix gogh and monet", "고흐랑 모네 섞지 마", "섞지 말고 그려줘",
                                  "gogh and monet, don't mix them",          # two artists left: which one?
                                  "don't mix gogh and monet, munch or klimt",
                                  "don't mix gogh and monet, my dog likes munch",   # munch named in passing
                                  "고흐랑 모네 섞지 말고 뭉크랑 클림트"])
async def test_no_one_artist_beside_a_refused_mix_paints_nothing(layer, fake_queue, photo, text):
    out = await say(layer, text, images=[photo], locale=lang_of(text))
    assert painted(fake_queue) == [], out.texts


@pytest.mark.parametrize("text", ["don't mix gogh and monet, munch is better anyway", "you can't mix gogh and monet, munch?"])
async def test_chat_about_a_refused_mix_after_a_photo_paints_nothing(layer, fake_queue, photo, text):
    await say(layer, "", images=[photo])
    out = await say(layer, text)
    assert painted(fake_queue) == [], out.texts


async def test_a_name_in_passing_still_gets_the_buttons(layer, fake_queue, photo):
    out = await say(layer, "my dog likes monet", images=[photo])
    assert painted(fake_queue) == [], out.texts


@pytest.mark.parametrize("text", ["고흐는 모네랑 섞어줘", "고흐는 모네 섞어줘", "모네는 고흐랑 섞어 주세요"])
@pytest.mark.parametrize("as_caption", [False, True])
async def test_a_topic_particle_on_a_name_still_mixes(layer, fake_queue, photo, text, as_caption):
    if not as_caption:
        await say(layer, "", images=[photo], locale="ko")
    out = await say(layer, text, images=[photo] if as_caption else [], locale="ko")
    assert sorted(map(sorted, painted(fake_queue))) == [["gogh", "monet"]], out.texts


async def test_a_topic_particle_without_a_mix_word_mixes_nothing(layer, fake_queue, photo):
    out = await say(layer, "고흐는 좋아하는데 모네 섞어줘", images=[photo], locale="ko")
    assert [m for m in painted(fake_queue) if len(m) > 1] == [], out.texts


async def test_a_long_caption_is_read_as_far_as_names_are(layer, fake_queue, photo):
    """Only the first words are read for names (a 400-word caption held the event loop)."""
    out = await say(layer, "don't mix gogh and monet " + "cat " * 400 + "just munch", images=[photo])
    assert painted(fake_queue) == [], out.texts


@pytest.mark.parametrize("caption,mix", [("모네 말고 고흐랑 클림트 섞어줘", ["gogh", "klimt"]),
                                         ("I don't like monet, mix gogh and klimt", ["gogh", "klimt"]),
                                         ("don't mix gogh and monet, mix munch and klimt", ["munch", "klimt"]),
                                         ("not monet: mix gogh & klimt", ["gogh", "klimt"])])
async def test_a_mix_asked_beside_something_refused_is_painted(layer, fake_queue, photo, caption, mix):
    """Only the mix word's own refusal refuses the mix: "말고", "don't" about another name did too."""
    out = await say(layer, caption, images=[photo], locale=lang_of(caption))
    assert painted(fake_queue) == [mix], out.texts


@pytest.mark.parametrize("text,artist", [("모네 말고 고흐로", "gogh"), ("not monet, gogh please", "gogh"),
                                         ("monet 말고 munch", "munch")])
@pytest.mark.parametrize("as_caption", [False, True])
async def test_the_artist_beside_a_refused_artist_is_painted(layer, fake_queue, photo, text, artist, as_caption):
    """"모네 말고 고흐로" (not monet, gogh) got the artist buttons, with no mix word as with one."""
    if not as_caption:
        await say(layer, "", images=[photo], locale=lang_of(text))
    out = await say(layer, text, images=[photo] if as_caption else [], locale=lang_of(text))
    assert painted(fake_queue) == [[artist]], out.texts


@pytest.mark.parametrize("text", ["고흐 말고", "no gogh in this one, it's my dog", "not monet, my dog likes gogh"])
async def test_a_refused_artist_alone_paints_nothing(layer, fake_queue, photo, text):
    out = await say(layer, text, images=[photo], locale=lang_of(text))
    assert painted(fake_queue) == [], out.texts


@pytest.mark.parametrize("caption", ["고흐랑 모네 섞어서 너무 밝지 않게", "고흐랑 모네 섞어줘 얼굴은 변하지 않도록",
                                     "no rush, mix gogh and monet", "no filter. mix gogh and monet",
                                     "not bad! mix gogh and monet"])
async def test_a_refusal_of_something_else_near_the_mix_word_still_mixes(layer, fake_queue, photo, caption):
    """"밝지 않게" (not too bright) refuses the brightness, not the mix; "no rush," ends its
    clause before the mix word. Both got the artist buttons."""
    out = await say(layer, caption, images=[photo], locale=lang_of(caption))
    assert painted(fake_queue) == [["gogh", "monet"]], out.texts


@pytest.mark.parametrize("caption", ["고흐랑 모네 섞지 않게 뭉크로", "gogh and monet mixed? no, just munch"])
async def test_a_refusal_right_after_the_mix_word_still_refuses_it(layer, fake_queue, photo, caption):
    out = await say(layer, caption, images=[photo], locale=lang_of(caption))
    assert painted(fake_queue) == [["munch"]], out.texts


@pytest.mark.parametrize("text,artist", [("고흐처럼 말고 모네처럼", "monet"), ("고흐 느낌 말고 모네 느낌으로", "monet"),
                                         ("gogh style, not monet style", "gogh"), ("not like gogh, like monet", "monet"),
                                         ("고흐처럼 말고", None), ("not monet style", None), ("no monet style please", None)])
@pytest.mark.parametrize("as_caption", [False, True])
async def test_a_refused_name_with_a_style_cue_is_not_painted(layer, fake_queue, photo, text, artist, as_caption):
    """The refused name's own cue ("고흐처럼", "monet style") painted it, in a mix with the
    artist asked for instead ("고흐처럼 말고 모네처럼" mixed gogh and monet)."""
    if not as_caption:
        await say(layer, "", images=[photo], locale=lang_of(text))
    out = await say(layer, text, images=[photo] if as_caption else [], locale=lang_of(text))
    assert painted(fake_queue) == ([[artist]] if artist else []), out.texts


@pytest.mark.parametrize("text,painted_then", [("don’t mix gogh and monet", []),
                                               ("I don’t want to mix gogh and monet", []),
                                               ("don’t mix gogh and monet, just munch", [["munch"]])])
async def test_a_phones_curly_apostrophe_still_refuses_the_mix(layer, fake_queue, photo, text, painted_then):
    """An iPhone types "don’t" (U+2019): it was no refusal, and the mix refused was painted."""
    out = await say(layer, text, images=[photo])
    assert painted(fake_queue) == painted_then, out.texts


@pytest.mark.parametrize("text", ["고흐 아니고 모네", "고흐 아니라 모네로", "고흐 대신 모네"])
@pytest.mark.parametrize("as_caption", [False, True])
async def test_not_gogh_but_monet_said_other_ways_in_korean(layer, fake_queue, photo, text, as_caption):
    """'아니고' (not ... but) and '대신' (instead of) refuse the name before them as '말고' does."""
    if not as_caption:
        await say(layer, "", images=[photo], locale="ko")
    out = await say(layer, text, images=[photo] if as_caption else [], locale="ko")
    assert painted(fake_queue) == [["monet"]], out.texts


@pytest.mark.parametrize("text", ["이건 고흐 아니고 모네 그림이야", "고흐 아니고"])
async def test_a_korean_refusal_said_in_passing_paints_nothing(layer, fake_queue, photo, text):
    out = await say(layer, text, images=[photo], locale="ko")
    assert painted(fake_queue) == [], out.texts
