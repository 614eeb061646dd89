"""Commands typed by their Korean names. "/도움말", "/취소", "/설정" and "/상태" were not run, only
answered "Did you mean /help?" (a button to tap); "/스타일 고흐" was "unknown command" with no
suggestion at all. They are now the commands themselves, answered in Korean where the user chose
no language with /lang; a mistyped one ("/스타열 고흐") is offered as the Korean command it nears;
/help in Korean names them (test_korean_help.py)."""
import re

import pytest

from bot.commands import KOREAN_ALIASES
from bot.messages import t
from bot.store import photo_hash

from tests.bot.test_commands import say


def commands_of(reply) -> list[str]:
    return [b.command for row in reply.buttons for b in row]


# the commands that answer alone with how to write them; the reply names the command as it was
# typed ("/크기 뒤에…", not "/size 뒤에…": test_usage_as_typed.py)
SHOWS_HOW = {"/lang", "/size", "/strength", "/keepcolors", "/setstyle", "/style"}


def shown_as_typed(text: str, english: str, korean: str) -> str:
    """``text``, the English command's reply, as the Korean word gets it: the command swapped for
    the word where the reply shows how to write it. /lang's mention of the other language, "(/lang
    en: English)", shows nothing and stays."""
    how = t("ko", "lang_usage") if english == "/lang" else text
    assert how in text, text
    return text.replace(how, re.sub(rf"{re.escape(english)}(?!\w)", korean, how))


@pytest.mark.parametrize("korean,english", [
    ("/도움말", "/help"), ("/도움", "/help"), ("/시작", "/start"), ("/설정", "/settings"),
    ("/내 설정", "/settings"), ("/상태", "/status"), ("/대기열", "/status"), ("/화가", "/styles"),
    ("/화가목록", "/styles"), ("/스타일목록", "/styles"), ("/스타일 목록", "/styles"), ("/언어", "/lang"),
    ("/크기", "/size"), ("/강도", "/strength"), ("/색유지", "/keepcolors"), ("/기본화가", "/setstyle"),
    ("/스타일", "/style"), ("/도움말@paintbot", "/help"), ("/ 설정", "/settings"), ("／도움말", "/help"),
])
@pytest.mark.parametrize("locale", ["en", "ko"])
async def test_a_korean_command_word_runs_its_command_in_korean(layer, korean, english, locale):
    out = await say(layer, korean, locale=locale)
    expected = (await say(layer, english, locale="ko")).texts
    if english in SHOWS_HOW:
        named_as_typed = [shown_as_typed(text, english, korean) for text in expected]
        assert named_as_typed != expected, expected          # (the reply does show how to write it)
        expected = named_as_typed
    assert out.texts == expected, out.texts
    assert not any(commands_of(r) for r in out.sent)        # no "did you mean" button to tap


async def test_a_chosen_language_wins_over_the_korean_word(layer, store):
    await say(layer, "/lang en", locale="ko")
    assert (await say(layer, "/도움말", locale="ko")).texts == (await say(layer, "/help", locale="en")).texts
    assert (await say(layer, "/help", user="tg:2")).texts[0] != (await say(layer, "/도움말", user="tg:2")).texts[0]


@pytest.mark.parametrize("text,slug,method", [("/스타일 고흐", "gogh", "auto"), ("/화풍 모네", "monet", "auto"),
                                              ("/스타일 김홍도 50%", "kimhongdo", "auto"),
                                              ("/고화질 모네", "monet", "gatys"), ("/고품질 고흐", "gogh", "gatys")])
async def test_korean_painting_commands_paint(layer, fake_queue, photo, text, slug, method):
    out = await say(layer, text, images=[photo], locale="en")
    assert [s.value for s in fake_queue.jobs[-1].styles] == [slug], out.texts
    assert fake_queue.jobs[-1].method == method and out.images == [photo]


async def test_korean_mix_preview_stronger_weaker(layer, fake_queue, photo):
    await say(layer, "/섞기 고흐 70% 모네", images=[photo], locale="ko")
    assert [(s.value, s.weight) for s in fake_queue.jobs[-1].styles] == [("gogh", 0.7), ("monet", pytest.approx(0.3))]
    await say(layer, "/스타일 고흐 0.5", images=[photo], locale="ko")
    await say(layer, "/더강하게", locale="ko")
    assert fake_queue.jobs[-1].alpha == pytest.approx(0.75)
    await say(layer, "/더 약하게", locale="ko")
    assert fake_queue.jobs[-1].alpha == pytest.approx(0.5)
    before = len(fake_queue.jobs)
    out = await say(layer, "/미리보기", images=[photo], locale="ko")
    assert len(fake_queue.jobs) > before and out.sent[-1].text == t("ko", "preview_caption")


async def test_korean_preference_commands_save(layer, store):
    await say(layer, "/강도 0.6", locale="en")
    await say(layer, "/크기 작게", locale="en")
    await say(layer, "/기본화가 모네", locale="en")
    await say(layer, "/색유지 켜기", locale="en")
    prefs = store.prefs("tg:1")
    assert prefs.strength == pytest.approx(0.6) and prefs.default_style == "monet" and prefs.keep_colors
    assert prefs.output_size is not None
    out = await say(layer, "/언어 한국어", locale="en")
    assert store.prefs("tg:1").lang == "ko" and out.texts == [t("ko", "lang_done")]


async def test_korean_cancel_and_status(layer, fake_queue, photo):
    out = await say(layer, "/취소", locale="en")
    assert out.texts == [t("ko", "nothing_to_cancel")]
    out = await say(layer, "/상태", locale="en")
    assert out.texts == (await say(layer, "/status", locale="ko")).texts


@pytest.mark.parametrize("word", ["/기록삭제", "/잊어줘", "/기록 삭제"])
async def test_korean_forgetme_asks_first(layer, fake_queue, store, photo, word):
    await say(layer, "/style gogh", images=[photo])
    out = await say(layer, word, locale="en")
    assert out.texts == [t("ko", "forget_confirm")]
    assert fake_queue.forgotten_users == [] and store.prefs("tg:1").last_styles      # nothing deleted yet
    await say(layer, f"{word} 아니요", locale="en")
    assert fake_queue.forgotten_users == []
    await say(layer, commands_of(out.sent[0])[0], locale="ko")                        # its "yes" button
    assert fake_queue.forgotten_users == ["tg:1"]


async def test_korean_mydata(layer, photo):
    await say(layer, "/style gogh", images=[photo])
    out = await say(layer, "/내정보", locale="en")
    assert out.sent[0].document and out.sent[0].document[0] == "mydata.zip"
    assert out.texts == [t("ko", "mydata_caption")]


@pytest.mark.parametrize("typed,meant", [("스타열", "/스타일 고흐"), ("도움맒", "/도움말"), ("설졍", "/설정"),
                                         ("고화즐", "/고화질 고흐"), ("미리뽀기", "/미리보기")])
async def test_a_mistyped_korean_command_is_offered(layer, fake_queue, photo, typed, meant):
    painting = meant.startswith(("/스타일", "/고화질", "/미리보기"))
    out = await say(layer, f"/{typed} 고흐" if " " in meant else f"/{typed}",
                    images=[photo] if painting else [], locale="en")
    assert out.texts == [t("ko", "unknown_command_near", command=typed, suggestions=meant)]
    ref = f" #{photo_hash(photo)}" if painting else ""
    assert commands_of(out.sent[0]) == [meant + ref]
    assert not fake_queue.jobs
    tapped = await say(layer, meant + ref, locale="en")          # the button's command does it
    if painting:
        assert fake_queue.jobs and fake_queue.jobs[-1].image == photo
    else:
        assert not any(commands_of(r) for r in tapped.sent)


async def test_a_mistyped_korean_artist_is_still_offered_as_the_artist(layer, fake_queue, photo):
    out = await say(layer, "/모내", images=[photo], locale="ko")
    assert "모네" in out.texts[0] and any("monet" in c for c in commands_of(out.sent[0]))


def test_no_korean_command_is_an_artists_name(layer):
    for word in KOREAN_ALIASES:
        assert layer.catalog.get(word) is None, word


async def test_a_community_style_may_not_take_a_korean_commands_name(layer, photo):
    out = await say(layer, "/addstyle 취소", images=[photo, photo], user="tg:1000", locale="ko")
    assert out.texts == [t("ko", "addstyle_command", name="취소")]
