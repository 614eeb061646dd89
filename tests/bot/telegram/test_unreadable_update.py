"""An update python-telegram-bot cannot read (a ChatMemberRestricted without can_edit_tag and
can_react_to_messages, as a Bot API server older than python-telegram-bot 22.8's sends it) made
its getUpdates batch fail as a whole: python-telegram-bot logged CRITICAL, did not confirm the
batch, and fetched it again for ever, so no later update, of any chat, was answered. Now such an
update is skipped with one warning, and the others of its batch and after it are handled; a
my_chat_member among them still ends the chat's refusals."""
from __future__ import annotations

import asyncio
import logging

from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.fake_telegram import my_chat_member, restricted_member
from tests.bot.telegram.test_telegram import ANN, GROUP, PRIVATE_ANN
from tests.bot.telegram.test_telegram_flows import texts
from tests.bot.telegram.test_media_refused_memory import WAIT_S, refuse_media, said
from tests.bot.telegram.test_media_refusal_kinds import paint

recorded = test_telegram.recorded

REFUSED = t("en", "no_media_rights")


def older_server(member: dict) -> dict:
    """The member as a Bot API server without member tags sends it."""
    return {k: v for k, v in member.items() if k not in ("can_edit_tag", "can_react_to_messages")}


async def test_an_unreadable_update_does_not_stop_the_ones_after_it(recorded, caplog):
    fake = recorded
    caplog.set_level(logging.INFO)
    fake.push("my_chat_member", my_chat_member(GROUP, ANN, older_server(restricted_member(can_send_photos=False)),
                                               older_server(restricted_member())))
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/help"))
    await fake.wait_for(lambda: texts(fake, PRIVATE_ANN["id"]), timeout=10)
    await asyncio.sleep(1.0)
    unread = [r for r in caplog.records if r.name == "bot.telegram_bot" and "could not read" in r.getMessage()]
    assert len(unread) == 1 and unread[0].levelno == logging.WARNING, [r.getMessage() for r in unread]
    assert "my_chat_member" in unread[0].getMessage()


async def test_an_unreadable_rights_change_still_ends_the_chats_refusal(recorded, fake_queue):
    fake = recorded
    refuse_media(fake)
    await paint(fake, "ur1")
    await fake.wait_for(lambda: said(fake, REFUSED) == 1, timeout=WAIT_S)
    fake.refuse.clear()                     # an admin gave the right back: Telegram says so
    fake.push("my_chat_member", my_chat_member(GROUP, ANN, older_server(restricted_member(can_send_photos=False)),
                                               older_server(restricted_member())))
    await asyncio.sleep(0.5)
    await paint(fake, "ur2")
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 1, timeout=10)
    assert len(fake_queue.jobs) == 2 and said(fake, REFUSED) == 1


async def test_the_whole_member_telegram_sends_is_read(recorded, fake_queue):
    """The fake's restricted_member is what Telegram sends: python-telegram-bot reads it, and the
    rights given back end the refusal (as test_refusal_probe, with the fake's member)."""
    fake = recorded
    refuse_media(fake)
    await paint(fake, "ur3")
    await fake.wait_for(lambda: said(fake, REFUSED) == 1, timeout=WAIT_S)
    fake.refuse.clear()
    fake.push("my_chat_member", my_chat_member(GROUP, ANN, restricted_member(can_send_photos=False,
                                                                             can_send_documents=False),
                                               restricted_member()))
    await asyncio.sleep(0.5)
    await paint(fake, "ur4")
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 1, timeout=10)
