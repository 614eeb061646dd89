"""A command word followed by a space other than the plain one: a no-break space (U+00A0, as text
pasted from many web pages and apps has it) or an IME's ideographic space (U+3000, Korean and
Japanese keyboards): "/style\u00a0gogh" was read as the unknown command "style\u00a0gogh". Any
Unicode space ends the command word, and a request's words have their spaces made plain once, as
the request is made (bot.chat.Request), so what reads its arguments ("van\u00a0gogh", a Korean
name of two words, a mix) reads them as typed with plain spaces."""
from __future__ import annotations

import pytest

from bot.command_names import parse_command
from bot.messages import t
from tests.bot.test_commands import req, say

NBSP, IDEOGRAPHIC = "\u00a0", "\u3000"


@pytest.mark.parametrize("space", [NBSP, IDEOGRAPHIC, "\u202f", "\t"])
def test_any_space_ends_the_command_word(space):
    assert parse_command(f"/style{space}gogh") == ("style", "gogh")
    assert parse_command(f"/style@paintbot{space}monet", "paintbot") == ("style", "monet")
    assert parse_command(f"/style@otherbot{space}monet", "paintbot") is None
    assert parse_command(f"/hq{space}monet\n2024") == ("hq", "monet\n2024")     # (a note after it kept)


def test_a_requests_words_have_plain_spaces():
    assert req(f"/style{NBSP}van{IDEOGRAPHIC}gogh\nnote{NBSP}here").text == "/style van gogh\nnote here"
    assert req("").text == ""


@pytest.mark.parametrize("text,slug", [(f"/style{NBSP}gogh", "gogh"), (f"/style{IDEOGRAPHIC}고흐", "gogh"),
                                       (f"/style{NBSP}van{NBSP}gogh", "gogh"), (f"/style van{NBSP}gogh", "gogh"),
                                       (f"/화풍{IDEOGRAPHIC}모네", "monet"), (f"/hq{NBSP}monet", "monet")])
async def test_a_command_after_another_space_paints(layer, fake_queue, photo, text, slug):
    out = await say(layer, text, images=[photo])
    assert len(fake_queue.jobs) == 1, out.texts
    assert [s.value for s in fake_queue.jobs[0].styles] == [slug]


async def test_a_mix_after_no_break_spaces(layer, fake_queue, photo):
    out = await say(layer, f"/mix{NBSP}gogh{NBSP}70%{NBSP}monet", images=[photo])
    assert len(fake_queue.jobs) == 1, out.texts
    assert [(s.value, round(s.weight, 2)) for s in fake_queue.jobs[0].styles] == [("gogh", 0.7), ("monet", 0.3)]


async def test_a_korean_name_of_two_words_after_an_ideographic_space(layer):
    """"/기록 삭제" (/forgetme) typed with the IME's space between its words asks first, as typed plain."""
    out = await say(layer, f"/기록{IDEOGRAPHIC}삭제", locale="ko")
    assert out.texts == [t("ko", "forget_confirm")], out.texts


@pytest.mark.parametrize("text", [f"/size{NBSP}small", f"/크기{IDEOGRAPHIC}작게", f"size{NBSP}small",
                                  f"/{IDEOGRAPHIC}size small", f"크기{IDEOGRAPHIC}작게"])
async def test_a_setting_after_another_space_is_set(layer, text):
    await say(layer, text, locale="ko")
    assert layer.store.prefs("tg:1").output_size == 384


@pytest.mark.parametrize("text", [f"/기본 화가{NBSP}모네", f"/기본{IDEOGRAPHIC}화가{IDEOGRAPHIC}모네"])
async def test_a_two_word_korean_name_then_its_argument_after_other_spaces(layer, text):
    """"/기본 화가 모네" (/setstyle monet): the space after its name's second word was not one
    where it was a no-break or an ideographic one, and "/기본" no command."""
    await say(layer, text, locale="ko")
    assert layer.store.prefs("tg:1").default_style == "monet"
