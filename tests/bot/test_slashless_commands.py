"""A command typed without its slash in a message to the bot (a DM, a group message that mentions
it or replies to it): "hq monet", "size small", "strength 0.6", "기본화가 모네" are read as "/hq
monet", "/size small"... (bot/slashless.py); they got "Which artist…?" and nothing was done.
Words that do not read as the command's arguments ("size matters?", "style is nice") are talk,
answered as before; a group's talk not addressed to the bot is not read at all."""
from __future__ import annotations

import pytest

from bot.messages import t

from tests.bot.test_commands import req, say

GROUP = dict(community="tg:g1", chat="tg:g1")
ADDRESSED = [pytest.param({}, id="dm"), pytest.param(dict(GROUP, mentioned=True), id="group-mention")]


@pytest.mark.parametrize("where", ADDRESSED)
@pytest.mark.parametrize("text,lang", [("hq monet", "en"), ("Hq: monet!", "en"), ("@paintbot hq monet", "en"),
                                       ("hq monet @paintbot", "en"), ("hq monet\nthanks!", "en"),
                                       ("hq like monet please", "en"), ("hq monet 0.5", "en"), ("hq monet\n2024", "en"),
                                       ("고화질 모네", "ko"), ("고품질 monet", "ko")])
async def test_hq_without_its_slash_paints_in_high_quality(layer, fake_queue, photo, where, text, lang):
    await say(layer, "", images=[photo], locale=lang, **where)
    out = await say(layer, text, locale=lang, **where)
    assert len(fake_queue.jobs) == 1, out.texts
    job = fake_queue.jobs[0]
    assert [s.value for s in job.styles] == ["monet"] and job.method == "gatys" and job.image == photo


@pytest.mark.parametrize("where", ADDRESSED)
@pytest.mark.parametrize("text,lang,field,value", [
    ("size small", "en", "output_size", 384), ("Size 256.", "en", "output_size", 256),
    ("크기 작게", "ko", "output_size", 384),
    ("strength 0.6", "en", "strength", 0.6), ("strength 60%", "en", "strength", 0.6),
    ("강도 0.6", "ko", "strength", 0.6),
    ("setstyle monet", "en", "default_style", "monet"), ("기본화가 monet", "ko", "default_style", "monet"),
    ("기본화가 모네", "ko", "default_style", "monet"), ("기본 화가 모네", "ko", "default_style", "monet"),
    ("setstyle monet 0.5", "en", "default_style", "monet"),
    ("keepcolors on", "en", "keep_colors", True), ("색유지 켜기", "ko", "keep_colors", True),
    ("lang ko", "en", "lang", "ko"), ("언어 영어", "ko", "lang", "en"),
])
async def test_a_setting_without_its_slash_is_set(layer, where, text, lang, field, value):
    out = await say(layer, text, locale=lang, **where)
    assert getattr(layer.store.prefs("tg:1"), field) == pytest.approx(value), out.texts
    assert t(lang, "text_hint") not in out.texts


@pytest.mark.parametrize("where", ADDRESSED)
@pytest.mark.parametrize("text,wanted", [("status", "Queue:"), ("Status?", "Queue:"), ("settings", "Your settings"),
                                         ("cancel", t("en", "nothing_to_cancel")), ("상태", "대기열")])
async def test_a_command_word_alone_is_that_command(layer, where, text, wanted):
    out = await say(layer, text, locale="ko" if text == "상태" else "en", **where)
    assert len(out.texts) == 1 and wanted in out.texts[0], out.texts


@pytest.mark.parametrize("where", ADDRESSED)
@pytest.mark.parametrize("text,lang", [("size matters?", "en"), ("style is nice", "en"), ("strength is nice", "en"),
                                       ("hq is great", "en"), ("setstyle is hard", "en"), ("status is fine now", "en"),
                                       ("mix it up", "en"), ("addstyle is a cool command", "en"),
                                       ("hq is like monet", "en"), ("style i like monet", "en"),
                                       ("setstyle i like monet", "en"), ("mix of gogh and monet is cool", "en"),
                                       ("keepcolors are nice", "en"), ("lang is hard", "en"),
                                       ("thanks!", "en"), ("hello", "en"), ("고마워요", "ko"),
                                       ("강도 좋네요", "ko"), ("크기 괜찮아요", "ko"), ("색유지 좋아요", "ko"),
                                       ("언어 어렵네요", "ko")])
async def test_talk_beginning_with_a_command_word_is_answered_as_before(layer, fake_queue, where, text, lang):
    """No command's usage or refusal ("size_usage", "unknown style is"): the hint, as for any talk."""
    before = layer.store.prefs("tg:1")
    out = await say(layer, text, locale=lang, **where)
    assert out.texts == [t(lang, "text_hint")]
    assert layer.store.prefs("tg:1") == before and not fake_queue.jobs


async def test_talk_with_a_photo_gets_the_artist_buttons_as_before(layer, fake_queue, photo):
    out = await say(layer, "style is nice", images=[photo])
    assert not fake_queue.jobs and out.sent[0].buttons


@pytest.mark.parametrize("text", ["hq monet", "size small", "strength 0.6", "크기 작게", "status", "기본화가 모네"])
async def test_a_groups_talk_not_to_the_bot_is_not_read(layer, fake_queue, photo, text):
    await say(layer, "/style gogh", images=[photo], **GROUP)
    jobs = len(fake_queue.jobs)
    out = await say(layer, text, **GROUP)
    assert out.texts == [] and len(fake_queue.jobs) == jobs
    assert layer.store.prefs("tg:1").output_size is None and layer.store.prefs("tg:1").strength is None


def test_a_reply_to_the_bot_asks_where_it_is_a_command_without_its_slash(layer):
    """In a group a reply to the bot is answered only where it asks for something (reply_asks)."""
    def reply(text):
        return req(text, reply_ref="a" * 32, reply_from_bot=True, **GROUP)
    assert layer.reply_asks(reply("hq monet")) and layer.reply_asks(reply("고화질 모네"))
    assert layer.reply_asks(reply("size small")) and layer.reply_asks(reply("gogh\nthanks!"))
    assert not layer.reply_asks(reply("size matters?")) and not layer.reply_asks(reply("wow, nice!"))


@pytest.mark.parametrize("where", ADDRESSED)
@pytest.mark.parametrize("text", ["gogh", "gogh\nthanks!", "style gogh", "/gogh\nthanks!", "/style gogh\nthanks!"])
async def test_an_artist_with_a_note_under_it_paints_the_artist(layer, fake_queue, photo, where, text):
    """A bare artist's name paints it, as before; the lines under it are a note, as under /style."""
    await say(layer, "", images=[photo], **where)
    out = await say(layer, text, **where)
    assert [s.value for job in fake_queue.jobs for s in job.styles] == ["gogh"], out.texts


async def test_a_korean_command_word_alone_shows_its_usage_as_typed(layer):
    """"크기" alone: the current size, and how to change it written with the word typed ("/크기")."""
    out = await say(layer, "크기", locale="ko")
    assert "/크기" in out.texts[0] and "/size" not in out.texts[0], out.texts


@pytest.mark.parametrize("where", ADDRESSED)
async def test_setstyle_off_without_its_slash_clears_the_default_artist(layer, where):
    await say(layer, "setstyle monet", **where)
    out = await say(layer, "setstyle off", **where)
    assert layer.store.prefs("tg:1").default_style is None, out.texts


@pytest.mark.parametrize("where", ADDRESSED)
@pytest.mark.parametrize("text,lang", [("size help", "en"), ("크기 도움말", "ko"), ("hq 0.5", "en")])
async def test_words_the_command_takes_are_answered_as_with_its_slash(layer, where, text, lang):
    """"size help" is /size's usage, not a size called "help"; "hq 0.5" a strength alone, /hq's too."""
    out = await say(layer, text, locale=lang, **where)
    slashed = await say(layer, "/" + text, locale=lang, **where)
    assert out.texts == slashed.texts and t(lang, "text_hint") not in out.texts, out.texts


@pytest.mark.parametrize("where", ADDRESSED)
@pytest.mark.parametrize("text,lang", [("forgetme yes", "en"), ("Forgetme: yes!", "en"),
                                       ("@paintbot forgetme yes", "en"), ("잊어줘 네", "ko"), ("기록 삭제 네", "ko")])
async def test_forgetme_yes_without_its_slash_asks_first(layer, fake_queue, where, text, lang):
    """"/forgetme yes" deletes at once: typed so, it is the confirmation. Without the slash it is
    no such thing (words said in a chat): /forgetme's question, its Yes button, and nothing gone."""
    await say(layer, "/size small", locale=lang, **where)
    out = await say(layer, text, locale=lang, **where)
    assert [b.command for row in out.sent[0].buttons for b in row] == ["/forgetme yes tg:1", "/forgetme no"], out.texts
    assert layer.store.prefs("tg:1").output_size == 384 and fake_queue.forgotten_users == []


async def test_forgetme_yes_with_its_slash_still_deletes(layer, fake_queue):
    await say(layer, "/size small")
    await say(layer, "/forgetme yes")
    assert layer.store.prefs("tg:1").output_size is None and fake_queue.forgotten_users == ["tg:1"]


@pytest.mark.parametrize("where", ADDRESSED)
@pytest.mark.parametrize("text,lang,styles", [("hq 고흐랑 모네 섞어줘", "ko", ["gogh", "monet"]),
                                              ("hq mix gogh and monet", "en", ["gogh", "monet"]),
                                              ("hq monet and gogh mixed", "en", ["monet", "gogh"]),
                                              ("hq not gogh, monet", "en", ["monet"]), ("고화질 고흐 말고 모네", "ko", ["monet"])])
async def test_hq_with_an_artist_asked_in_words_paints_what_they_ask(layer, fake_queue, photo, where, text, lang, styles):
    """Words that ask for an artist as a message's text does ("고흐랑 모네 섞어줘" alone paints the
    mix) are painted so after "hq" too, in high quality; they were "I don't know the style “섞어줘”"."""
    await say(layer, "", images=[photo], locale=lang, **where)
    out = await say(layer, text, locale=lang, **where)
    assert [([s.value for s in job.styles], job.method) for job in fake_queue.jobs] == [(styles, "gatys")], out.texts


@pytest.mark.parametrize("where", ADDRESSED)
@pytest.mark.parametrize("text,lang,strength", [("기본화가 고흐 말고 모네", "ko", None),
                                                ("setstyle not gogh, monet 0.5", "en", 0.5)])
async def test_setstyle_with_an_artist_asked_in_words_sets_it(layer, where, text, lang, strength):
    out = await say(layer, text, locale=lang, **where)
    prefs = layer.store.prefs("tg:1")
    assert (prefs.default_style, prefs.strength) == ("monet", strength), out.texts
