"""An artist offered as a question when a photo is there: "can you do monet?", "monet 가능?",
"모네로 가능할까요?", "is monet possible?". Just after a painting (or a photo's artist buttons)
"how about monet?" and "모네도 돼?" repainted the photo, but these got the after-painting hint:
a question offering one artist is a request in practice, read as follow_ups.py reads "how about
monet?". In a photo's caption, those shapes paint it too. A mix asked as a question ("can you
mix gogh and monet?", "can you do gogh and monet?") stays chat, as it was, and so does a
question about an artist ("do you like monet?", "can you do it like this monet")."""
import pytest

from bot.follow_ups import name_followed_up
from bot.messages import t

from tests.bot.test_commands import say


def painted(fake_queue) -> list[list[str]]:
    return [[s.value for s in job.styles] for job in fake_queue.jobs]


QUESTIONS = [("can you do monet?", "en"), ("could you do monet too?", "en"), ("can you do a monet?", "en"),
             ("can you do it in monet style?", "en"), ("is monet possible?", "en"), ("monet possible?", "en"),
             ("do you do monet?", "en"), ("monet 가능?", "ko"), ("모네 가능?", "ko"), ("모네도 가능해요?", "ko"),
             ("모네로 가능할까요?", "ko"), ("모네 되나요?", "ko"), ("모네도 돼?", "ko")]


@pytest.mark.parametrize("text,lang", QUESTIONS)
async def test_a_question_offering_an_artist_after_a_painting_repaints(layer, fake_queue, photo, text, lang):
    await say(layer, "/style gogh", images=[photo], locale=lang)
    out = await say(layer, text, locale=lang)
    assert painted(fake_queue) == [["gogh"], ["monet"]], out.texts
    assert fake_queue.jobs[1].image == photo


@pytest.mark.parametrize("text,lang", QUESTIONS)
async def test_a_question_offering_an_artist_after_the_buttons_paints(layer, fake_queue, photo, text, lang):
    await say(layer, "", images=[photo], locale=lang)
    out = await say(layer, text, locale=lang)
    assert painted(fake_queue) == [["monet"]], out.texts


@pytest.mark.parametrize("text,lang", QUESTIONS + [("how about monet?", "en"), ("모네 버전도 보고 싶어", "ko")])
async def test_a_question_offering_an_artist_in_a_caption_paints(layer, fake_queue, photo, text, lang):
    out = await say(layer, text, images=[photo], locale=lang)
    assert painted(fake_queue) == [["monet"]], out.texts


@pytest.mark.parametrize("text,lang", [
    ("can you mix gogh and monet?", "en"), ("can you do gogh and monet?", "en"), ("고흐랑 모네 섞어도 돼?", "ko"),
    ("do you like monet?", "en"), ("can you do it like this monet", "en"), ("is it possible?", "en"),
    ("피카소 가능?", "ko"), ("가능?", "ko"), ("고흐 어때?", "ko"), ("고흐로 할까?", "ko"), ("모네 안 돼?", "ko"),
    ("can you do that?", "en"), ("is monet french?", "en"), ("do you do commissions?", "en"),
])
async def test_a_question_asking_no_one_artist_paints_nothing(layer, fake_queue, photo, text, lang):
    await say(layer, "/style gogh", images=[photo], locale=lang)
    out = await say(layer, text, locale=lang)
    assert painted(fake_queue) == [["gogh"]], out.texts


async def test_without_a_photo_a_question_gets_the_photo_hint(layer, fake_queue):
    out = await say(layer, "can you do monet?")
    assert not fake_queue.jobs and out.texts == [t("en", "text_hint")], out.texts


def test_the_question_shapes():
    assert name_followed_up("Can you do Van Gogh?") == "Van Gogh"
    assert name_followed_up("모네로 가능할까요?") == "모네" and name_followed_up("monet 가능?") == "monet"
    assert name_followed_up("is monet possible?") == "monet"
    assert name_followed_up("can you mix gogh and monet?") is None
    assert name_followed_up("I like monet") is None
