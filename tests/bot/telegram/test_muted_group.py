"""A group where Telegram says the bot may not send even text (can_send_messages false, with photos
and files: its own restriction, or the group's default permissions for a plain member). Before,
the first painting request there was answered "may not post pictures", which Telegram refused
too, and a minute on a painting was let through to find out whether text was back: downloaded,
queued, painted and refused, each minute. Now Telegram's word is taken: nothing is tried there,
nothing queued, one info line for the chat; until the rights come back."""
from __future__ import annotations

import asyncio
import logging

from bot import telegram_bot

from tests.bot.telegram import test_telegram
from tests.bot.fake_telegram import BOT_USERNAME, BOT_ID, chat_permissions, restricted_member
from tests.bot.telegram.test_telegram import ANN, GROUP
from tests.bot.telegram.test_media_refused_memory import WAIT_S
from tests.bot.telegram.test_text_rights import bot_records, mute
from tests.bot.telegram.test_media_refusal_kinds import paint
from tests.bot.telegram.test_rights_asked import asked

recorded = test_telegram.recorded

PROBE_AFTER_S = telegram_bot.PROBE_AFTER_S
MUTED = dict(can_send_messages=False, can_send_photos=False, can_send_documents=False)


def answered(fake, n: int):
    """Telegram was asked ``n`` times, and its answer is noted (before the test's clock moves on)."""
    return lambda: asked(fake) == n and not fake.frontend._rights_asking


def tried(fake) -> list[str]:
    return [m for m, _, _ in fake.calls if m.startswith(("sendMessage", "sendPhoto", "sendDocument"))]


async def nothing_is_tried(fake, fake_queue, layer, caplog) -> None:
    now = [1000.0]
    layer.clock = lambda: now[0]
    caplog.set_level(logging.INFO)
    await paint(fake, "mg1")
    await fake.wait_for(answered(fake, 1), timeout=WAIT_S)
    await paint(fake, "mg2")
    fake.push("message", fake.message(ANN, GROUP, text=f"/help@{BOT_USERNAME}"))
    await asyncio.sleep(1.0)
    for n in range(3, 6):                   # minutes on: asked again (still muted), nothing tried
        now[0] += PROBE_AFTER_S + 1
        await paint(fake, f"mg{n}")
        await fake.wait_for(answered(fake, n - 1), timeout=WAIT_S)
        fake.push("message", fake.message(ANN, GROUP, text=f"/help@{BOT_USERNAME}"))
    await asyncio.sleep(1.0)
    assert not fake_queue.jobs and not tried(fake), tried(fake)
    assert not any("mg" in d for d in fake.downloads), fake.downloads
    records = bot_records(caplog)
    assert not [r for r in records if r.levelno >= logging.WARNING], [r.getMessage() for r in records]
    told = [r.getMessage() for r in records if "may not send" in r.getMessage()]
    assert len(told) == 1 and "text" in told[0], told


async def test_a_restriction_from_text_and_pictures_is_not_tried(recorded, fake_queue, layer, caplog):
    fake = recorded
    mute(fake)
    fake.members[(GROUP["id"], BOT_ID)] = restricted_member(**MUTED)
    await nothing_is_tried(fake, fake_queue, layer, caplog)


async def test_defaults_without_text_and_pictures_are_not_tried(recorded, fake_queue, layer, caplog):
    fake = recorded
    mute(fake)
    fake.permissions[GROUP["id"]] = chat_permissions(**MUTED)
    await nothing_is_tried(fake, fake_queue, layer, caplog)


async def test_text_back_the_group_is_answered_again(recorded, fake_queue, layer):
    fake = recorded
    now = [1000.0]
    layer.clock = lambda: now[0]
    mute(fake)
    fake.members[(GROUP["id"], BOT_ID)] = restricted_member(**MUTED)
    await paint(fake, "mb1")
    await fake.wait_for(answered(fake, 1), timeout=WAIT_S)
    await asyncio.sleep(0.5)
    fake.refuse.clear()                     # an admin gives everything back; no my_chat_member came
    fake.members[(GROUP["id"], BOT_ID)] = restricted_member()
    now[0] += PROBE_AFTER_S + 1
    await paint(fake, "mb2")
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 1, timeout=WAIT_S)
    fake.push("message", fake.message(ANN, GROUP, text=f"/help@{BOT_USERNAME}"))
    await fake.wait_for(lambda: len(fake.sent("sendMessage", GROUP["id"])) >= 2, timeout=WAIT_S)
    assert len(fake_queue.jobs) == 1 and "sendMessage:400" not in tried(fake)
