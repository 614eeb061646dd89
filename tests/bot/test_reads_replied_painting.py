"""CommandLayer.reads_replied_painting: which replies to the bot's painting read its picture (the
front-end downloads it only for those): /addstyle, and /style or /hq naming no artist, which paint
the user's photo like the painting. A repaint ("/weaker", "/style monet", "/gogh", "/mix ...",
"monet") paints the photo the painting's job names."""
from __future__ import annotations

import pytest

from bot.commands import CommandLayer

from tests.bot.conftest import FakeQueue
from tests.bot.test_commands import req


@pytest.fixture
def layer(settings, store):
    return CommandLayer(settings, store, FakeQueue())


def reads(layer, text: str) -> bool:
    request = req(text, reply_ref="job1", reply_from_bot=True)
    return layer.reads_replied_painting(request, layer.parse(request))


@pytest.mark.parametrize("text", ["/addstyle Sunset", "/style", "/hq", "/style 0.5", "/화풍"])
def test_the_painting_is_read_where_it_is_the_style(layer, text):
    assert reads(layer, text)


@pytest.mark.parametrize("text", ["/weaker", "/stronger", "/style monet", "/style monet 0.5", "/hq gogh", "/gogh",
                                  "/mix gogh monet", "/preview", "/help", "monet", "모네로 그려줘", ""])
def test_a_repaint_does_not_read_it(layer, text):
    assert not reads(layer, text)
