"""Plain words sent with or after a photo, as a Korean or English user types them.

"모네로 해줘" (do it as monet) sent after a photo got the artist buttons: 해줘 asked nothing on its
own, where 그려줘 (paint it) did. Polite and casual endings (해주세요, 해 줘, 부탁드립니다, ㄱㄱ),
laughter on a request ("해줘ㅎㅎ") and "I want monet" ask now; chat about an artist still paints
nothing. Text after a photo reads a mix as a caption does where its mix word asks ("mix gogh and
monet, no rush"), and a feeling about mixing ("I love mixing monet and gogh") asks for none."""
import pytest

from bot.arguments import asks_on_its_own, name_stems, without_laughter
from bot.mix_requests import mix_word_asks

from tests.bot.test_commands import say


def painted(fake_queue) -> list[list[str]]:
    return [[s.value for s in job.styles] for job in fake_queue.jobs]


async def after_a_photo(layer, photo, text: str):
    await say(layer, "", images=[photo])              # the artist buttons: a last photo to paint
    return await say(layer, text)


@pytest.mark.parametrize("text,slug", [
    ("모네로 해줘", "monet"), ("모네로 해 줘", "monet"), ("모네로 해주세요!", "monet"), ("고흐로 해줘요", "gogh"),
    ("김홍도로 해줘", "kimhongdo"), ("정선으로 해줘", "jeongseon"), ("클림트 느낌 나게 해줘", "klimt"),
    ("모네 스타일 부탁드립니다", "monet"), ("모네 스타일로 부탁합니다", "monet"), ("모네 스타일로 해줄래?", "monet"),
    ("모네로 바꿔주라", "monet"), ("모네 화풍으로 변환해줘", "monet"), ("모네로 부탁해용", "monet"),
    ("모네 ㄱㄱ", "monet"), ("고흐로요", "gogh"), ("고호로 해줘", "gogh"), ("고 흐로 해줘", "gogh"),
    ("모네로 해줘ㅎㅎ", "monet"), ("고흐처럼 그려줘 ㅋㅋ", "gogh"),
    ("I want monet", "monet"), ("I'd like monet style", "monet"), ("let's try monet", "monet"),
    ("고흐처럼 해주실래요?", "gogh"), ("클림트 느낌 좀 내줘", "klimt"),
    ("고흐 싫어 모네로 해줘", "monet"), ("고흐 별로 모네로 해줘", "monet"),        # (싫어, 별로: not gogh)
    ("모네로 해봐요", "monet"), ("모네 작품처럼 해줘", "monet"), ("want gogh please", "gogh"),
])
async def test_a_request_in_everyday_words_after_a_photo_paints_it(layer, fake_queue, photo, text, slug):
    out = await after_a_photo(layer, photo, text)
    assert painted(fake_queue) == [[slug]], out.texts


@pytest.mark.parametrize("text", ["오늘 모네 전시 갔어", "모네 좋아해?", "고흐 어때?", "모네 전시 다녀왔어요",
                                  "고흐랑 모네 중에 누가 더 좋아?", "I like monet", "I don't want monet",
                                  "monet is my favourite", "can you do it like this monet", "정선 가는 길 ㅋㅋ",
                                  "I try to paint like monet", "고흐 싫어", "고흐 싫어하는 사람 있어?",
                                  "do you want monet?", "I want to see monet", "I use gogh a lot"])
async def test_chat_about_an_artist_after_a_photo_still_paints_nothing(layer, fake_queue, photo, text):
    out = await after_a_photo(layer, photo, text)
    assert painted(fake_queue) == [], out.texts


@pytest.mark.parametrize("text", ["mix gogh and monet, no rush", "please mix gogh and monet, thanks!",
                                  "우리 강아지 고흐랑 모네 섞어서 그려줘", "고흐랑 모네 섞어줘 천천히 해도 돼",
                                  "고흐랑 모네 섞어줘ㅋㅋ", "I do not like monet, mix gogh and klimt", "고흐랑 모네 섞어봐",
                                  "combine gogh and monet"])
async def test_a_mix_asked_among_other_words_after_a_photo_is_painted(layer, fake_queue, photo, text):
    out = await after_a_photo(layer, photo, text)
    assert len(painted(fake_queue)) == 1 and len(painted(fake_queue)[0]) == 2, out.texts
    assert "gogh" in painted(fake_queue)[0], out.texts


@pytest.mark.parametrize("text", ["I mixed gogh and monet in my essay, no joke", "고흐랑 모네 섞어 봤어 어제",
                                  "can you mix gogh and monet?", "I love mixing monet and gogh"])
async def test_mixing_talked_of_after_a_photo_paints_nothing(layer, fake_queue, photo, text):
    out = await after_a_photo(layer, photo, text)
    assert painted(fake_queue) == [], out.texts


@pytest.mark.parametrize("caption", ["I love mixing monet and gogh", "I hate mixing gogh and monet",
                                     "i really like blending monet and gogh"])
async def test_a_feeling_about_mixing_in_a_caption_is_no_mix(layer, fake_queue, photo, caption):
    """A caption is a request in spirit, but "I love X" says what the user likes, not what to paint."""
    out = await say(layer, caption, images=[photo])
    assert painted(fake_queue) == [], out.texts


@pytest.mark.parametrize("caption", ["I love mixing monet and gogh, please do it", "mixing gogh and monet please",
                                     "고흐 모네 반반 섞어줘", "mix gogh and monet, no rush"])
async def test_a_mix_asked_in_a_caption_is_still_painted(layer, fake_queue, photo, caption):
    out = await say(layer, caption, images=[photo])
    assert [sorted(styles) for styles in painted(fake_queue)] == [["gogh", "monet"]], out.texts


def test_the_words_read():
    assert asks_on_its_own(["해", "줘"]) == "verb" and asks_on_its_own(["해주세요"]) == "verb"
    assert asks_on_its_own(["i", "like"]) == "chatter" and asks_on_its_own(["i", "want"]) == "verb"
    assert asks_on_its_own(["부탁드립니다"]) == "bare"
    assert ("고흐", False) in name_stems("고흐로요")
    assert without_laughter("모네로 해줘ㅎㅎ ㅋㅋㅋ") == "모네로 해줘" and without_laughter("하하 고흐\n모네") == "하하 고흐\n모네"
    assert mix_word_asks("mix gogh and monet, no rush", caption=False)
    assert not mix_word_asks("can you mix gogh and monet?", caption=False)
    assert not mix_word_asks("I love mixing monet and gogh", caption=True)
    assert mix_word_asks("monet mixing gogh", caption=True)


# -- review: chat after a painting must not paint ------------------------------------------------
@pytest.mark.parametrize("text", [
    "do you want to mix gogh and monet?", "I want to know, can you mix gogh and monet?",
    "how do I mix gogh and monet? I want to try", "is it possible to mix gogh and monet? I'd love to see",
    "I mixed gogh and monet in my essay, please don't laugh", "고흐랑 모네 섞어서 좀 이상했어",
    "고흐랑 모네 섞어서 해 봤는데 별로"])
async def test_a_request_word_outside_the_mix_asks_for_no_mix(layer, fake_queue, photo, text):
    """A request word asked for the mix wherever it stood: in another sentence ("... ? I want to
    try"), in a question to the bot ("do you want to"), beside a story, or 좀 (a bit) and 해 in
    the middle of a Korean story; the mix was painted unasked."""
    out = await after_a_photo(layer, photo, text)
    assert painted(fake_queue) == [], out.texts


@pytest.mark.parametrize("text", ["can you mix gogh and monet? please", "I want to mix gogh and monet",
                                  "고흐랑 모네 섞어서 해줘", "mix gogh and monet please", "고흐랑 모네 섞어서 해"])
async def test_a_request_word_beside_the_mix_still_asks(layer, fake_queue, photo, text):
    out = await after_a_photo(layer, photo, text)
    assert [sorted(styles) for styles in painted(fake_queue)] == [["gogh", "monet"]], out.texts


@pytest.mark.parametrize("text", ["고흐 ㅋㅋ", "모네 ㅠㅠ", "고흐ㅋㅋ", "고흐로 ㅋㅋ", "모네 ㅎㅎ"])
async def test_a_name_laughed_or_cried_at_is_no_request(layer, fake_queue, photo, text):
    """Laughter is dropped from a request ("모네로 해줘ㅎㅎ"), not from a reaction: "고흐 ㅋㅋ"
    painted gogh as the bare name does, where it painted nothing before the laughter was read."""
    out = await after_a_photo(layer, photo, text)
    assert painted(fake_queue) == [], out.texts


@pytest.mark.parametrize("text", [
    "thanks!", "I love monet", "monet was french", "who is monet?", "tell me about gogh", "I want more",
    "I want another one", "use it as wallpaper", "I'll use it as my wallpaper", "can I use this?", "let's go",
    "try again", "I'd love that", "I want monet next time", "I want to try monet later", "I wanna see gogh",
    "I'd say monet is better", "let's talk about monet", "I prefer monet", "this looks like gogh",
    "how do I mix gogh and monet?", "I have mixed feelings about monet and gogh", "half and half", "no rush",
    "고마워", "고흐 그림 좋아해줘서 고마워", "모네는 프랑스 사람이야", "고흐에 대해 알려줘", "ㄱㄱ", "ㅋㅋㅋ", "고흐 짱이다 ㅋㅋ",
    "배경화면으로 쓸게", "하나 더 해줘", "고흐 전시 가고 싶다", "고흐 별로야 ㅋㅋ", "고흐처럼 살고 싶다", "모네처럼 그리고 싶어",
    "진짜 고흐 느낌 나게 잘 그렸다", "고흐로 할까?", "고흐랑 모네 섞으면 어떨까?", "고흐랑 모네 반반이네", "반반 치킨 먹고 싶다",
    "고흐랑 모네 섞어도 돼?", "모네 작품 좋아", "you should try monet", "I like monet style",
    # near-misses of a strength in words and of half and half (test_strength_words, test_half_and_half)
    "I strongly agree", "강하게 말해서", "half an hour", "반반 치킨", "I strongly agree, monet is great",
    "강하게 말해서 모네는 별로야", "a little tired", "살짝 피곤해", "half the photo is blurry", "모네 살짝 좋아",
    "half my friends like gogh, half like monet", "우리 반 반장이 고흐 좋아해"])
async def test_everyday_chat_after_a_painting_paints_nothing(layer, fake_queue, photo, text):
    out = await after_a_photo(layer, photo, text)
    assert painted(fake_queue) == [], out.texts


def test_mix_word_asks_only_in_its_own_sentence():
    assert not mix_word_asks("how do I mix gogh and monet? I want to try", caption=False)
    assert mix_word_asks("can you mix gogh and monet? please", caption=False)
    assert not mix_word_asks("do you want to mix gogh and monet?", caption=False)
    assert mix_word_asks("I want to mix gogh and monet", caption=False)
    assert without_laughter("모네 ㅠㅠ") == "모네 ㅠㅠ" and without_laughter("모네로 해 줘 ㅋㅋ") == "모네로 해 줘"
