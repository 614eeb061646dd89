"""A right given back is found out: a chat that refused the bot's pictures has its painting
requests refused up front (test_media_refused_memory), but one is let through to try again
PROBE_AFTER_S after the last refusal, and a change of the bot's rights there (my_chat_member)
ends the refusal at once."""
from __future__ import annotations

import asyncio
import time

from bot import telegram_bot
from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.fake_telegram import BOT_ID, BOT_USERNAME
from tests.bot.telegram.test_telegram import ANN, GROUP
from tests.bot.telegram.test_media_refused_memory import WAIT_S, refuse_media, said
from tests.bot.telegram.test_media_refusal_kinds import paint

recorded = test_telegram.recorded

REFUSED = t("en", "no_media_rights")
PROBE_AFTER_S = getattr(telegram_bot, "PROBE_AFTER_S", 60.0)


def clocked(fake, now: list[float]) -> None:
    for refusals in fake.frontend.refused.values():
        refusals.clock = lambda: now[0]


async def test_a_right_given_back_is_found_out_after_a_minute(recorded, fake_queue):
    """An admin gave the bot its right to post pictures back: its paintings were still refused up
    front for the full 10 minutes, nothing trying whether they would go. After PROBE_AFTER_S one
    request is let through; it is painted and delivered, and the chat is no longer refused."""
    fake = recorded
    now = [1000.0]
    clocked(fake, now)
    refuse_media(fake)
    await paint(fake, "pr1")
    await fake.wait_for(lambda: said(fake, REFUSED) == 1, timeout=WAIT_S)
    fake.refuse.clear()                     # the right given back
    now[0] += PROBE_AFTER_S / 2
    await paint(fake, "pr2")                # too soon: still refused up front
    await fake.wait_for(lambda: said(fake, REFUSED) == 2, timeout=WAIT_S)
    assert len(fake_queue.jobs) == 1
    now[0] += PROBE_AFTER_S / 2 + 1
    await paint(fake, "pr3")
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 1, timeout=WAIT_S)
    await paint(fake, "pr4")                # the chat is taken again at once
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 2, timeout=WAIT_S)
    assert len(fake_queue.jobs) == 3 and said(fake, REFUSED) == 2


async def test_a_try_refused_again_keeps_the_chat_refused(recorded, fake_queue):
    """The right is still off: the one request let through is painted and refused, and the next
    ones are refused up front again, one let through a minute."""
    fake = recorded
    now = [1000.0]
    clocked(fake, now)
    refuse_media(fake)
    await paint(fake, "pk1")
    await fake.wait_for(lambda: said(fake, REFUSED) == 1, timeout=WAIT_S)
    now[0] += PROBE_AFTER_S + 1
    await paint(fake, "pk2")                # let through, painted, refused
    await fake.wait_for(lambda: said(fake, REFUSED) == 2, timeout=WAIT_S)
    assert len(fake_queue.jobs) == 2
    await paint(fake, "pk3")                # refused up front again
    await fake.wait_for(lambda: said(fake, REFUSED) == 3, timeout=WAIT_S)
    assert len(fake_queue.jobs) == 2


def restricted(photos: bool) -> dict:
    """The bot as a restricted member of the group, sending photos and files or not (ChatMemberRestricted)."""
    rights = ("can_send_messages", "can_send_polls", "can_send_other_messages", "can_add_web_page_previews",
              "can_change_info", "can_invite_users", "can_pin_messages", "can_manage_topics", "can_send_audios",
              "can_send_videos", "can_send_video_notes", "can_send_voice_notes", "can_edit_tag", "can_react_to_messages")
    return {"status": "restricted", "user": {"id": BOT_ID, "is_bot": True, "first_name": "Paintbot",
                                             "username": BOT_USERNAME},
            "is_member": True, "until_date": 0, **{r: True for r in rights},
            "can_send_photos": photos, "can_send_documents": photos}


async def test_a_right_given_back_ends_the_refusal_at_once(recorded, fake_queue):
    """An admin let the bot post pictures again: Telegram says so (my_chat_member), and the next
    painting there is painted and delivered at once, not refused up front for minutes."""
    fake = recorded
    refuse_media(fake)
    await paint(fake, "mm1")
    await fake.wait_for(lambda: said(fake, REFUSED) == 1, timeout=WAIT_S)
    fake.refuse.clear()
    fake.push("my_chat_member", {"chat": GROUP, "from": ANN, "date": int(time.time()),
                                 "old_chat_member": restricted(False), "new_chat_member": restricted(True)})
    await asyncio.sleep(0.5)
    await paint(fake, "mm2")
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 1, timeout=WAIT_S)
    assert len(fake_queue.jobs) == 2 and said(fake, REFUSED) == 1
