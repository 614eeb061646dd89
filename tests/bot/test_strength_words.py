"""A strength said in words beside an artist: "gogh strongly", "a strong gogh", "just a touch of
monet", "고흐 강하게", "모네 살짝", "모네 은은하게". It painted nothing ("gogh strongly" named no
known style), or ("고흐처럼 강하게") painted at the user's own strength, the word unread. A strong
word paints at STRONG_STRENGTH (1.0), a light one or a strong one said not to be ("not too
strong", "너무 강하지 않게") at LIGHT_STRENGTH (0.5), as "gogh 100%" and "gogh 50%" do; a light
word said not to be ("not too light") is left unread. A word of strength with no artist
("strongly", "I strongly agree", "강하게 말해서") still paints nothing. A word counts only where
it touches the name and the rest asks for it ("monet a little please", "모네 느낌 살짝"); "light
like monet", "it looks a little like monet", "I like monet a little" describe, and painted at 50%
(arguments.said_of_the_artist)."""
import pytest

from bot.arguments import LIGHT_STRENGTH, STRONG_STRENGTH, strength_in_words

from tests.bot.test_commands import say


def painted(fake_queue) -> list[tuple[list[str], float]]:
    return [([s.value for s in job.styles], round(job.alpha, 2)) for job in fake_queue.jobs]


STRONG_AND_LIGHT = [
    ("gogh strongly", "gogh", STRONG_STRENGTH), ("a strong gogh", "gogh", STRONG_STRENGTH),
    ("gogh, strong please", "gogh", STRONG_STRENGTH), ("monet very strongly", "monet", STRONG_STRENGTH),
    ("just a touch of monet", "monet", LIGHT_STRENGTH), ("a little monet", "monet", LIGHT_STRENGTH),
    ("monet, lightly", "monet", LIGHT_STRENGTH), ("a bit of klimt please", "klimt", LIGHT_STRENGTH),
    ("monet but not too strong", "monet", LIGHT_STRENGTH), ("gogh, not so strong", "gogh", LIGHT_STRENGTH),
    ("고흐 강하게", "gogh", STRONG_STRENGTH), ("고흐 진하게", "gogh", STRONG_STRENGTH),
    ("고흐 아주 강하게 그려줘", "gogh", STRONG_STRENGTH), ("고흐처럼 진하게 해줘", "gogh", STRONG_STRENGTH),
    ("모네 살짝", "monet", LIGHT_STRENGTH), ("모네 약하게", "monet", LIGHT_STRENGTH),
    ("모네 은은하게", "monet", LIGHT_STRENGTH), ("모네 느낌 살짝 내줘", "monet", LIGHT_STRENGTH),
    ("모네로 연하게 해주세요", "monet", LIGHT_STRENGTH),
    ("고흐 너무 강하지 않게", "gogh", LIGHT_STRENGTH), ("고흐로 너무 진하지 않게 해줘", "gogh", LIGHT_STRENGTH),
]


@pytest.mark.parametrize("text,slug,alpha", STRONG_AND_LIGHT)
async def test_a_strength_in_words_in_a_caption(layer, fake_queue, photo, text, slug, alpha):
    out = await say(layer, text, images=[photo])
    assert painted(fake_queue) == [([slug], alpha)], out.texts


@pytest.mark.parametrize("text,slug,alpha", STRONG_AND_LIGHT)
async def test_a_strength_in_words_after_a_photo(layer, fake_queue, photo, text, slug, alpha):
    await say(layer, "", images=[photo])            # the artist buttons: a last photo to paint
    out = await say(layer, text)
    assert painted(fake_queue) == [([slug], alpha)], out.texts


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_word_overrides_the_users_own_strength(layer, fake_queue, photo, lang):
    await say(layer, "/strength 0.8", locale=lang)
    await say(layer, "모네 살짝" if lang == "ko" else "a little monet", images=[photo], locale=lang)
    await say(layer, "모네" if lang == "ko" else "monet", images=[photo], locale=lang)
    assert painted(fake_queue) == [(["monet"], LIGHT_STRENGTH), (["monet"], 0.8)]


@pytest.mark.parametrize("text,alpha", [("gogh 0.6 strongly", 0.6), ("고흐 30% 강하게", 0.3)])
async def test_a_number_wins_over_a_word(layer, fake_queue, photo, text, alpha):
    out = await say(layer, text, images=[photo])
    assert painted(fake_queue) == [(["gogh"], alpha)], out.texts


@pytest.mark.parametrize("text", [
    "strongly", "I strongly agree", "강하게 말해서", "살짝 피곤해", "a little tired", "좀 더 진하게 해줘",
    "I strongly like monet", "monet not too light", "고흐 너무 약하지 않게", "just a touch", "진하게 해줘",
    "고흐 더 진하게", "monet stronger", "I know a little about monet", "강하게 말해서 고흐는 별로야",
])
async def test_a_strength_word_without_an_artist_asked_paints_nothing(layer, fake_queue, photo, text):
    await say(layer, "", images=[photo])
    out = await say(layer, text)
    assert painted(fake_queue) == [], out.texts


@pytest.mark.parametrize("text", ["monet style, light colours please", "monet with a bit of blue",
                                  "gogh style, a strong contrast please", "모네 스타일로, 색은 살짝 밝게",
                                  "monet, slightly brighter please"])
async def test_a_word_said_of_something_else_leaves_the_strength(layer, fake_queue, photo, text):
    """"light colours", "a bit of blue", "살짝 밝게": the word says it of what follows it, no artist;
    the artist is painted as the caption asks, at the user's own strength."""
    out = await say(layer, text, images=[photo])
    assert all(alpha == 1.0 for _, alpha in painted(fake_queue)), out.texts


async def test_a_strength_word_in_a_mix_is_left_as_it_was(layer, fake_queue, photo):
    """A mix is read as before: the word is no weight of its last artist ("monet 100%" left gogh
    nothing, and the mix was refused)."""
    out = await say(layer, "mix gogh and monet", images=[photo])
    assert painted(fake_queue) == [(["gogh", "monet"], 1.0)], out.texts


def test_the_words_read():
    def read(text):
        return strength_in_words(text, lambda name: name in ("gogh", "van gogh", "monet", "고흐", "모네"))
    assert read("gogh strongly") == ("gogh", STRONG_STRENGTH) and read("a strong van gogh") == ("van gogh", STRONG_STRENGTH)
    assert read("just a touch of monet!") == ("monet!", LIGHT_STRENGTH)
    assert read("모네 은은하게요") == ("모네", LIGHT_STRENGTH) and read("살짝 모네로") == ("모네로", LIGHT_STRENGTH)
    assert read("고흐 너무 강하지 않게 해줘") == ("고흐 해줘", LIGHT_STRENGTH)
    assert read("gogh strongly!") == ("gogh", STRONG_STRENGTH)            # its "!" goes with it
    assert read("monet not too light") == ("monet not too light", None)
    assert read("strongly gogh, lightly monet") == ("strongly gogh, lightly monet", None)    # which?
    assert read("gogh please") == ("gogh please", None)
    # said of something else: no strength of the painting's
    for text in ("I strongly agree", "a strong contrast, gogh", "monet, light colours", "모네 살짝 밝게"):
        assert read(text) == (text, None), text


DESCRIPTIONS = ["it looks a little like monet", "the light is a bit like monet", "light like monet",
                "I like monet a little", "a little like monet please", "slightly like monet", "monet, slightly brighter",
                "모네처럼 밝게", "모네 살짝 밝게", "살짝 밝은 모네 느낌",
                # a comma or "!" ends what the word says: it is of nothing after it
                "strong! monet please", "light, monet please", "so strong. 고흐로 해줘"]


@pytest.mark.parametrize("text", DESCRIPTIONS)
async def test_a_description_in_a_caption_paints_at_the_users_strength(layer, fake_queue, photo, text):
    """A word of strength not touching the name ("light like monet": the user wants monet), or
    in a sentence about the artist ("I like monet a little"), describes: monet is painted as the
    caption asks, at the user's own strength (0.8 here), never at LIGHT_STRENGTH."""
    await say(layer, "/strength 0.8")
    out = await say(layer, text, images=[photo])
    assert all(alpha == 0.8 for _, alpha in painted(fake_queue)), out.texts


@pytest.mark.parametrize("text", DESCRIPTIONS)
async def test_a_description_after_a_photo_paints_at_the_users_strength(layer, fake_queue, photo, text):
    await say(layer, "/strength 0.8")
    await say(layer, "", images=[photo])
    out = await say(layer, text)
    assert all(alpha == 0.8 for _, alpha in painted(fake_queue)), out.texts


@pytest.mark.parametrize("text", ["it looks a little like monet", "light like monet", "I like monet a little"])
async def test_a_description_still_paints_the_artist_in_a_caption(layer, fake_queue, photo, text):
    out = await say(layer, text, images=[photo])
    assert [slugs for slugs, _ in painted(fake_queue)] == [["monet"]], out.texts


@pytest.mark.parametrize("text,slug", [("모네 느낌 살짝", "monet"), ("살짝 모네 느낌으로", "monet"), ("고흐 약간", "gogh"),
                                       ("모네 느낌으로 살짝 해줘", "monet"), ("monet style, lightly", "monet"),
                                       ("monet a little please", "monet"), ("모네 살짝 약하게", "monet")])
async def test_a_word_touching_the_name_is_its_strength(layer, fake_queue, photo, text, slug):
    await say(layer, "/strength 0.8")
    out = await say(layer, text, images=[photo])
    assert painted(fake_queue) == [([slug], LIGHT_STRENGTH)], out.texts


def test_only_a_word_touching_the_name_is_read():
    def read(text):
        return strength_in_words(text, lambda name: name in ("gogh", "monet", "모네", "고흐"))
    for text in ("light like monet", "it looks a little like monet", "the light is a bit like monet", "모네처럼 밝게",
                 "strongly like gogh"):
        assert read(text) == (text, None), text
    assert read("모네 느낌 살짝") == ("모네 느낌", LIGHT_STRENGTH)
    assert read("gogh 0.6 strongly") == ("gogh 0.6", STRONG_STRENGTH)     # (the number wins: ArtistMentions)
