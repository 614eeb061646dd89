"""A group where Telegram said the bot may not send text, photos or files (its restriction, or the
group's defaults: test_muted_group): a painting or /help there is dropped unsaid, but a
command that acts unanswered (/cancel, a setting) still goes to the command layer, and its reply
was sent each time, for Telegram to refuse (400): the "nothing is tried there" the log said was
not so. Now a text reply there is not sent while Telegram's word holds (the layer drops it, as
it did the refused one)."""
from __future__ import annotations

import asyncio

from tests.bot.telegram import test_telegram
from tests.bot.fake_telegram import BOT_USERNAME, BOT_ID, chat_permissions, restricted_member
from tests.bot.telegram.test_telegram import ANN, GROUP
from tests.bot.telegram.test_media_refused_memory import WAIT_S
from tests.bot.telegram.test_text_rights import mute
from tests.bot.telegram.test_media_refusal_kinds import paint
from tests.bot.telegram.test_muted_group import MUTED, answered, tried

recorded = test_telegram.recorded

# (/size, /cancel and /lang addressed: unaddressed in a group they are another bot's as well, never answered)
SETTINGS = (f"/size@{BOT_USERNAME} 512", f"/cancel@{BOT_USERNAME}", f"/lang@{BOT_USERNAME} ko", "/setstyle monet")


async def settings_are_not_answered(fake) -> None:
    mute(fake)
    await paint(fake, "ms1")
    await fake.wait_for(answered(fake, 1), timeout=WAIT_S)
    for text in SETTINGS:
        fake.push("message", fake.message(ANN, GROUP, text=text))
    await asyncio.sleep(2.0)
    assert not tried(fake), tried(fake)


async def test_settings_in_a_group_muted_by_its_defaults_are_not_answered(recorded, fake_queue):
    fake = recorded
    fake.permissions[GROUP["id"]] = chat_permissions(**MUTED)
    await settings_are_not_answered(fake)


async def test_settings_where_the_bot_is_restricted_from_all_are_not_answered(recorded, fake_queue):
    fake = recorded
    fake.members[(GROUP["id"], BOT_ID)] = restricted_member(**MUTED)
    await settings_are_not_answered(fake)


async def test_a_text_refused_by_a_send_only_is_still_tried(recorded, fake_queue):
    """Where only a refused send said so (getChatMember and getChat allow it), a setting's reply
    is still sent: Telegram's own word is what holds it back."""
    fake = recorded
    mute(fake)
    fake.push("message", fake.message(ANN, GROUP, text=f"/size@{BOT_USERNAME} 512"))
    await fake.wait_for(lambda: "sendMessage:400" in tried(fake), timeout=WAIT_S)
    fake.push("message", fake.message(ANN, GROUP, text=f"/size@{BOT_USERNAME} 256"))
    await fake.wait_for(lambda: tried(fake).count("sendMessage:400") == 2, timeout=WAIT_S)
