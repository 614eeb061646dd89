""""Send a photo first", said to a painting command without a photo, shows the command the user
sent as its example: "/hq monet" was answered "e.g. a photo with the caption /style gogh", another
command and another artist. /style gogh itself keeps no_photo (its example, in the user's
language). The web chat and Discord say it their way, the example carried over. QA report s22,
finding 8."""
from __future__ import annotations

import pytest

from bot.chat import Reply, reworded
from bot.discord_bot import discord_wording
from bot.discord_messages import message_wording
from bot.messages import t
from bot.webchat import WEB_WORDING
from tests.bot.test_commands import say

CAPTION = {"en": "caption", "ko": "캡션"}


@pytest.mark.parametrize("lang,locale", [("en", "en-US"), ("ko", "ko-KR")])
@pytest.mark.parametrize("text,example", [("/hq monet", "/hq monet"), ("/style monet", "/style monet"),
                                          ("/monet", "/style monet"), ("/hq gogh 50%", "/hq gogh"),
                                          ("/고화질 모네", "/고화질 모네")])
async def test_the_example_is_the_command_sent(layer, fake_queue, lang, locale, text, example):
    out = await say(layer, text, locale=locale)
    assert not fake_queue.jobs
    lang = "ko" if "고화질" in text else lang         # (a Korean command is answered in Korean)
    assert out.texts == [t(lang, "no_photo_for", example=example)], out.texts
    assert example in out.texts[0] and "gogh " not in out.texts[0].replace(example, "")
    assert {"en": "Send a photo first", "ko": "먼저 사진을 보내 주세요"}[lang] in out.texts[0]


@pytest.mark.parametrize("lang,locale", [("en", "en-US"), ("ko", "ko-KR")])
async def test_style_gogh_keeps_its_own_example(layer, lang, locale):
    assert (await say(layer, "/style gogh", locale=locale)).texts == [t(lang, "no_photo")]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_each_front_end_says_it_its_way_with_the_example(lang):
    said = Reply(t(lang, "no_photo_for", example="/hq monet"))
    web = reworded(said, WEB_WORDING).text
    assert web == t(lang, "web_no_photo_for", example="/hq monet") and "📷" in web
    dm = message_wording(said).text
    assert dm == t(lang, "dc_msg_no_photo_for", example="/hq monet")
    slash = discord_wording(said, "hq").text
    assert slash == t(lang, "dc_no_photo", command="hq")             # the image option of /hq
    for text in (web, dm, slash):
        assert CAPTION[lang] not in text, text
    assert "/hq monet" in web and "/hq monet" in dm


@pytest.mark.parametrize("text,locale,example", [("/mix gogh 70% monet", "en", "/mix gogh 70% monet"),
                                                 ("/mix gogh monet #cat", "en", "/mix gogh monet"),
                                                 ("/섞기 고흐 모네", "ko", "/섞기 고흐 모네")])
async def test_a_mix_is_its_own_example_too(layer, fake_queue, text, locale, example):
    """"/mix gogh monet" without a photo was answered "e.g. ... /style gogh" as /hq's was."""
    out = await say(layer, text, locale=locale)
    assert not fake_queue.jobs
    assert out.texts == [t(locale, "no_photo_for", example=example)], out.texts
