"""The bot asks Telegram for its own rights in a group before a painting there (getChatMember,
426bfba). An answer read before a change of those rights that Telegram announced meanwhile
(my_chat_member: an admin gave the pictures back while the question was under way) was noted
after it: the group's paintings were refused up front ("not allowed to post pictures") right
after the rights came back. The change that came while the question was under way wins."""
from __future__ import annotations

import asyncio

from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.fake_telegram import BOT_ID, my_chat_member, restricted_member
from tests.bot.telegram.test_telegram import ANN, GROUP
from tests.bot.telegram.test_media_refused_memory import WAIT_S, said
from tests.bot.telegram.test_media_refusal_kinds import paint

recorded = test_telegram.recorded

REFUSED = t("en", "no_media_rights")


async def test_a_rights_change_during_the_question_wins_over_its_answer(recorded, fake_queue):
    fake = recorded
    before = restricted_member(can_send_photos=False, can_send_documents=False)
    # Telegram read the bot's rights as they were (restricted), answering slowly
    fake.members[(GROUP["id"], BOT_ID)] = before
    fake.slow_methods["getChatMember"] = 1.0
    await paint(fake, "rs1")
    await fake.wait_for(lambda: "getChatMember" in fake.started, timeout=WAIT_S)
    # meanwhile an admin gives the pictures back: Telegram says so (my_chat_member)
    fake.push("my_chat_member", my_chat_member(GROUP, ANN, before, restricted_member()))
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 1 or said(fake, REFUSED), timeout=WAIT_S)
    assert said(fake, REFUSED) == 0
    assert len(fake_queue.jobs) == 1


async def test_an_answer_with_no_change_meanwhile_is_still_noted(recorded, fake_queue):
    fake = recorded
    fake.members[(GROUP["id"], BOT_ID)] = restricted_member(can_send_photos=False, can_send_documents=False)
    fake.slow_methods["getChatMember"] = 0.3
    await paint(fake, "rs2")
    await fake.wait_for(lambda: said(fake, REFUSED) == 1, timeout=WAIT_S)
    await asyncio.sleep(0.2)
    assert not fake_queue.jobs
