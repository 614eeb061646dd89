"""A flood of commands that paint nothing (/help, /status, /styles...) was answered message for
message: 50 /help in a second were 50 long replies, each a message in the user's chat, and on
Telegram a burst past the bot's own flood limit, which held up every other user's replies too.
Past a burst (CHATTER_LIMIT in CHATTER_WINDOW_S) a user is told once to slow down, and the rest
is not answered until the window frees; /cancel and /forgetme always go through."""
from __future__ import annotations

import asyncio

import pytest

from bot.commands import CHATTER_LIMIT, CHATTER_WINDOW_S, CommandLayer
from bot.messages import t

from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req, say


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_fifty_helps_at_once_get_a_burst_of_answers_and_one_slow_down(settings, store, lang):
    now = [1000.0]
    layer = CommandLayer(settings, store, FakeQueue(), clock=lambda: now[0])
    out = Recorder()
    flood = ["/help", "/status", "/settings", "/styles", "/strength 50"] * 10
    await asyncio.gather(*[layer.handle(req(text, locale=lang), out) for text in flood])
    slow = [text for text in out.texts if text.startswith(t(lang, "too_many_messages", seconds=999).split("999")[0])]
    assert len(slow) == 1, out.texts
    assert len(out.texts) < len(flood) and len(out.texts) <= CHATTER_LIMIT * 2 + 1, len(out.texts)
    # another user is answered; so is this one's /cancel, and their painting (limited on its own)
    assert (await say(layer, "/help", user="tg:2")).texts
    assert (await say(layer, "/cancel", locale=lang)).texts == [t(lang, "nothing_to_cancel")]
    assert (await say(layer, "/gogh", images=[make_photo()], locale=lang)).images
    assert (await say(layer, "/status", locale=lang)).texts == []       # told already
    now[0] += CHATTER_WINDOW_S + 1
    assert (await say(layer, "/status", locale=lang)).texts[0].startswith(t(lang, "queue_status", waiting=0).split("0")[0])


async def test_text_chatter_in_a_private_chat_is_limited_and_a_groups_is_not_counted(settings, store):
    layer = CommandLayer(settings, store, FakeQueue(), clock=lambda: 1000.0)
    out = Recorder()
    for _ in range(CHATTER_LIMIT * 2):          # the group's own talk: not for the bot, never answered
        await layer.handle(req("lunch?", chat="tg:-5", community="tg:-5"), out)
    assert out.texts == []
    for _ in range(CHATTER_LIMIT * 2):
        await layer.handle(req("hello"), out)
    assert out.texts.count(t("en", "text_hint")) == CHATTER_LIMIT
    assert len(out.texts) == CHATTER_LIMIT + 1 and out.texts[-1].startswith("You're sending")


def test_the_slow_down_is_in_both_languages():
    assert "{seconds}" not in t("ko", "too_many_messages", seconds=5)
    assert t("ko", "too_many_messages", seconds=5) != t("en", "too_many_messages", seconds=5)
