"""CommandLayer.reply_asks: whether a reply to the bot's message asks it for something, which a
front-end reads as said to the bot in a group (a plain "monet" under a painting was chatter)."""
from __future__ import annotations

import pytest

from bot.commands import CommandLayer

from tests.bot.conftest import FakeQueue
from tests.bot.test_commands import req

GROUP = dict(chat="tg:-100", community="tg:-100")


@pytest.fixture
def layer(settings, store):
    return CommandLayer(settings, store, FakeQueue())


@pytest.mark.parametrize("text", ["monet", "paint it like monet", "모네로 그려줘", "mix gogh and monet",
                                  "how about monet?", "모네도 돼?", "/weaker", "/style monet"])
def test_a_reply_naming_an_artist_or_a_command_asks(layer, text):
    assert layer.reply_asks(req(text, reply_ref="job1", reply_from_bot=True, **GROUP))


@pytest.mark.parametrize("text", ["thanks!", "wow, nice!", "고마워요", "ㅋㅋㅋ 대박", "", "love the colours"])
def test_chatter_under_a_painting_asks_nothing(layer, text):
    assert not layer.reply_asks(req(text, reply_ref="job1", reply_from_bot=True, **GROUP))


@pytest.mark.parametrize("text", ["this looks like monet", "i like mixing gogh and monet", "lol monet would hate this",
                                  "I prefer monet tbh", "모네가 더 낫다", "is this monet?", "모네 좋아"])
def test_a_remark_about_an_artist_under_a_painting_asks_nothing(layer, text):
    """Read as the painting's caption, "like monet" named its style: a group's remark under the
    bot's painting repainted it."""
    assert not layer.reply_asks(req(text, reply_ref="job1", reply_from_bot=True, **GROUP))


@pytest.mark.parametrize("text", ["make it look like monet", "in the style of monet", "monet style", "모네처럼",
                                  "모네풍으로 해줘", "I want monet", "can you do monet?", "gogh strongly", "monet?"])
def test_a_request_for_an_artist_under_a_painting_asks(layer, text):
    assert layer.reply_asks(req(text, reply_ref="job1", reply_from_bot=True, **GROUP))
