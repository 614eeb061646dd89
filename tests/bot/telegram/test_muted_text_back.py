"""A group that muted the bot (its default permissions, or the bot's restriction: no text, photos
or files), then unmuted it. No my_chat_member comes of a group's defaults changing, so only a
question tells the bot (test_muted_group). Only a painting request asked again, each minute:
a group's /help after the unmute was dropped unsaid until Telegram's word of the mute ran out
(REFUSAL_KEPT_S, ten minutes), where before that word was taken (75bc8a8) a text refused by a
send was tried again each minute. Now a request answered in text asks again too, once a minute."""
from __future__ import annotations

import asyncio

from bot import telegram_bot

from tests.bot.telegram import test_telegram
from tests.bot.fake_telegram import BOT_USERNAME, BOT_ID, chat_permissions, restricted_member
from tests.bot.telegram.test_telegram import ANN, GROUP
from tests.bot.telegram.test_media_refused_memory import WAIT_S
from tests.bot.telegram.test_text_rights import mute
from tests.bot.telegram.test_media_refusal_kinds import paint
from tests.bot.telegram.test_rights_asked import asked
from tests.bot.telegram.test_muted_group import MUTED, answered

recorded = test_telegram.recorded

PROBE_AFTER_S = telegram_bot.PROBE_AFTER_S


def questions(fake) -> int:
    """getChatMember calls of the group, answered or failed."""
    return sum(1 for m, p, _ in fake.calls if m.startswith("getChatMember") and str(p.get("chat_id")) == str(GROUP["id"]))


def texts(fake) -> int:
    return len(fake.sent("sendMessage", GROUP["id"]))


async def muted_then(fake, layer, now) -> None:
    layer.clock = lambda: now[0]
    mute(fake)
    await paint(fake, "mt1")
    await fake.wait_for(answered(fake, 1), timeout=WAIT_S)
    await asyncio.sleep(0.5)
    assert texts(fake) == 0


async def test_defaults_unmuted_help_is_answered_within_the_minute(recorded, fake_queue, layer):
    fake, now = recorded, [1000.0]
    fake.permissions[GROUP["id"]] = chat_permissions(**MUTED)
    await muted_then(fake, layer, now)
    fake.refuse.clear()                     # the admins unmute the group: no update says so
    fake.permissions[GROUP["id"]] = chat_permissions()
    now[0] += PROBE_AFTER_S + 1
    fake.push("message", fake.message(ANN, GROUP, text=f"/help@{BOT_USERNAME}"))
    await fake.wait_for(lambda: texts(fake) == 1, timeout=WAIT_S)
    assert asked(fake) == 2 and not fake_queue.jobs


async def test_restriction_lifted_help_is_answered_within_the_minute(recorded, fake_queue, layer):
    fake, now = recorded, [1000.0]
    fake.members[(GROUP["id"], BOT_ID)] = restricted_member(**MUTED)
    await muted_then(fake, layer, now)
    fake.refuse.clear()
    fake.members[(GROUP["id"], BOT_ID)] = restricted_member()
    now[0] += PROBE_AFTER_S + 1
    fake.push("message", fake.message(ANN, GROUP, text=f"/help@{BOT_USERNAME}"))
    await fake.wait_for(lambda: texts(fake) == 1, timeout=WAIT_S)
    assert asked(fake) == 2


async def test_still_muted_help_asks_once_a_minute_and_says_nothing(recorded, fake_queue, layer):
    fake, now = recorded, [1000.0]
    fake.permissions[GROUP["id"]] = chat_permissions(**MUTED)
    await muted_then(fake, layer, now)
    fake.push("message", fake.message(ANN, GROUP, text=f"/help@{BOT_USERNAME}"))     # within the minute: not asked
    await asyncio.sleep(1.0)
    assert asked(fake) == 1
    now[0] += PROBE_AFTER_S + 1
    fake.errors["getChatMember"] = [(500, "Internal Server Error", {})]
    fake.push("message", fake.message(ANN, GROUP, text=f"/help@{BOT_USERNAME}"))     # asked; no answer: still muted
    await fake.wait_for(lambda: questions(fake) == 2, timeout=WAIT_S)
    await fake.wait_for(lambda: not fake.frontend._rights_asking, timeout=WAIT_S)
    fake.push("message", fake.message(ANN, GROUP, text=f"/help@{BOT_USERNAME}"))     # the same minute: not asked again
    await asyncio.sleep(1.0)
    assert questions(fake) == 2
    now[0] += PROBE_AFTER_S + 1
    fake.push("message", fake.message(ANN, GROUP, text=f"/help@{BOT_USERNAME}"))     # asked: still muted
    await fake.wait_for(lambda: questions(fake) == 3 and not fake.frontend._rights_asking, timeout=WAIT_S)
    await asyncio.sleep(0.5)
    assert asked(fake) == 2 and texts(fake) == 0 and not fake_queue.jobs
    assert "sendMessage:400" not in [m for m, _, _ in fake.calls]
