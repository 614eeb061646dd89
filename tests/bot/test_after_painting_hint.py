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
    ("thanks!", "en"), ("how about monet?", "en"), ("I prefer monet", "en"), ("could you try monet", "en"),
    ("monet was french", "en"), ("모네도 돼?", "ko"), ("모네 버전도 보고 싶어", "ko"), ("좀 더 진하게 해줘", "ko"),
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
