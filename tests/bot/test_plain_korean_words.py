"""A user who never chose a language, on a phone or browser set to English, got Korean replies to
Korean command words ("/섞기 고흐", ko16) but English ones to plain Korean words ("고흐랑 모네 섞어줘",
"고흐 모네 뭉크 클림트 세잔 섞어줘"): the language of a message changed with whether it began with a
slash. Plain words in Hangul are Korean meant too; a language chosen with /lang still wins."""
import pytest

from bot.messages import t

from tests.bot.test_commands import say


async def test_plain_korean_words_are_answered_in_korean_on_an_english_phone(layer, photo):
    await say(layer, "", images=[photo], locale="en")
    out = await say(layer, "고흐 모네 뭉크 클림트 세잔 섞어줘", locale="en")
    assert out.texts and out.texts[0].startswith(t("ko", "mix_too_many", limit=4)[:8]), \
        out.texts


@pytest.mark.parametrize("text", ["고흐랑 모네 섞어줘", "안녕하세요"])
async def test_a_chosen_language_still_wins(layer, photo, text):
    await say(layer, "/lang en", locale="en")
    await say(layer, "", images=[photo], locale="en")
    out = await say(layer, text, locale="en")
    assert out.texts and not any("\uac00" <= ch <= "\ud7a3" for ch in out.texts[0].split("\n")[0][:20]), out.texts


async def test_english_words_on_an_english_phone_stay_english(layer, photo):
    await say(layer, "", images=[photo], locale="en")
    out = await say(layer, "mix gogh monet munch klimt cezanne", locale="en")
    assert out.texts and out.texts[0].startswith(t("en", "mix_too_many", limit=4)[:8]), \
        out.texts
