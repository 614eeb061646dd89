"""A usage or example reply names the command as it was typed: "/크기" was answered "/size 뒤에…",
"/섞기 고흐" "이렇게 써 주세요: /mix gogh 70% monet…". A Korean command word is shown back as typed,
in Korean with the example's artists by their Korean names ("/섞기 고흐 70% 모네"); the reply to
the English command, and the other commands a reply mentions (/styles, /hq), are as they were."""
import pytest

from bot.messages import t

from tests.bot.test_commands import say


@pytest.mark.parametrize("typed,english,shown", [
    ("/크기", "/size", "/크기 뒤에"),
    ("/섞기 고흐", "/mix", "/섞기 고흐 70% 모네"),
    ("/섞기 help", "/mix", "/섞기 고흐 7 모네 3"),
    ("/강도", "/strength", "/강도 0.6"),
    ("/기본화가", "/setstyle", "/기본화가 off"),
    ("/기본 화가", "/setstyle", "/기본화가 화가"),
    ("/색유지", "/keepcolors", "/색유지 켜기"),
    ("/언어 fr", "/lang", "/언어 en 또는 /언어 ko"),
    ("/스타일 help", "/style", "/스타일 고흐 0.5"),
    ("/스타일", "/style", "/스타일 고흐"),      # (its Korean text's own example: the web chat rewords it by its template)
])
async def test_a_korean_command_is_shown_as_typed(layer, photo, typed, english, shown):
    images = [photo] if typed.startswith("/섞기 고흐") else []
    text = "\n".join((await say(layer, typed, images=images, locale="ko")).texts)
    assert shown in text, text
    assert f"{english} " not in text and not text.rstrip(".").endswith(english), text


async def test_other_commands_it_mentions_stay_english(layer):
    text = (await say(layer, "/스타일 help", locale="ko")).texts[0]
    assert "/hq " in text and "/styles" in text, text
    # /언어 alone: the language now ("(/lang en: English)", a mention) and how to change it, as typed
    text = (await say(layer, "/언어", locale="ko")).texts[0]
    assert "(/lang en: English)" in text and "/언어 en 또는 /언어 ko" in text, text


async def test_the_english_command_and_an_english_reply(layer, photo):
    assert (await say(layer, "/size", locale="ko")).texts[0].endswith(
        t("ko", "size_usage", low=128, high=layer.settings.MAX_SIDE_LIMIT, **layer.size_names()))
    assert (await say(layer, "/mix gogh", images=[photo], locale="ko")).texts == [t("ko", "bad_mix")]
    # the user chose English: the command as typed, the artists as the English text has them
    await say(layer, "/lang en", user="tg:2")
    text = (await say(layer, "/섞기 고흐", images=[photo], user="tg:2")).texts[0]
    assert "/섞기 gogh 70% monet" in text, text
