"""Text the bot cannot read, sent just after a painting ("thanks!", "좀 더 진하게 해줘").

It got "Send me a photo...", as if no photo had come. Now it says how to get another version of
the painting (reply with an artist's name, "Another artist", /stronger, /weaker, /style); the
photo hint comes back once the painting is OFFER_KEPT_S old, and before any painting."""
import pytest

from bot.messages import t
from bot.repaints import OFFER_KEPT_S

from tests.bot.test_commands import say


async def after_a_painting(layer, photo, text: str, lang: str):
    await say(layer, "/style gogh", images=[photo], locale=lang)
    return await say(layer, text, locale=lang)


@pytest.mark.parametrize("text,lang", [
    ("thanks!", "en"), ("I prefer monet", "en"), ("monet was french", "en"), ("how about it?", "en"),
    ("try again", "en"), ("좀 더 진하게 해줘", "ko"), ("피카소도 돼?", "ko"), ("how was monet?", "en"),
])
async def test_text_after_a_painting_says_how_to_get_another_version(layer, fake_queue, photo, text, lang):
    out = await after_a_painting(layer, photo, text, lang)
    assert out.texts == [t(lang, "after_painting_hint")], out.texts
    assert len(fake_queue.jobs) == 1        # chat paints nothing


async def test_the_photo_hint_comes_back_later(layer, photo):
    now = [1000.0]
    layer.clock = lambda: now[0]
    await say(layer, "/style gogh", images=[photo])
    now[0] += OFFER_KEPT_S + 1
    out = await say(layer, "thanks!")
    assert out.texts == [t("en", "text_hint")], out.texts


async def test_without_a_painting_the_photo_hint_stays(layer):
    out = await say(layer, "thanks!")
    assert out.texts == [t("en", "text_hint")], out.texts


async def test_another_chat_gets_the_photo_hint(layer, photo):
    await say(layer, "/style gogh", images=[photo])
    out = await say(layer, "thanks!", chat="tg:99")
    assert out.texts == [t("en", "text_hint")], out.texts


async def test_forgetme_forgets_the_painting(layer, photo):
    await say(layer, "/style gogh", images=[photo])
    layer._forget_memory("tg:1")
    out = await say(layer, "thanks!")
    assert out.texts == [t("en", "text_hint")], out.texts


@pytest.mark.parametrize("text,lang", [
    ("how about monet?", "en"), ("what about Monet", "en"), ("could you try monet", "en"), ("try monet instead", "en"),
    ("모네도 돼?", "ko"), ("모네 버전도 보고 싶어", "ko"), ("모네로도 해줘", "ko"),
])
async def test_a_follow_up_naming_an_artist_paints_the_last_photo(layer, fake_queue, photo, text, lang):
    out = await after_a_painting(layer, photo, text, lang)
    assert len(fake_queue.jobs) == 2, out.texts
    assert [s.value for s in fake_queue.jobs[1].styles] == ["monet"], fake_queue.jobs[1].styles
    assert fake_queue.jobs[1].image == fake_queue.jobs[0].image


async def test_a_follow_up_long_after_paints_nothing(layer, fake_queue, photo):
    now = [1000.0]
    layer.clock = lambda: now[0]
    await say(layer, "/style gogh", images=[photo])
    now[0] += OFFER_KEPT_S + 1
    out = await say(layer, "how about monet?")
    assert len(fake_queue.jobs) == 1 and out.texts == [t("en", "text_hint")], out.texts


def test_the_follow_up_shapes():
    from bot.follow_ups import name_followed_up
    assert name_followed_up("How about Van Gogh?") == "Van Gogh" and name_followed_up("고흐도 될까요?") == "고흐"
    assert name_followed_up("monet was french") is None and name_followed_up("I like monet") is None
