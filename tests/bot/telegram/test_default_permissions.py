"""A group whose default permissions (getChat's ChatFullInfo.permissions) forbid pictures to its
members: getChatMember says the bot is a plain "member", with no restriction of its own, so the
rights probe (test_rights_asked) saw nothing; the bot painted, and Telegram refused the
upload. Where the bot is a plain member, the group's defaults are its rights: asked too (getChat,
in the same once-per-RIGHTS_ASKED_S question), and read as a restriction's."""
from __future__ import annotations

import asyncio

from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.fake_telegram import BOT_ID, BOT_USER, chat_permissions, my_chat_member, restricted_member
from tests.bot.telegram.test_telegram import ANN, GROUP
from tests.bot.telegram.test_media_refused_memory import WAIT_S, said
from tests.bot.telegram.test_media_refusal_kinds import paint
from tests.bot.telegram.test_rights_asked import asked
from tests.bot.telegram.test_rights_probe import uploads

recorded = test_telegram.recorded

REFUSED = t("en", "no_media_rights")


def forbid(fake, **rights: bool) -> None:
    """The group's defaults forbid these to members: getChat says so, and Telegram refuses the sends."""
    fake.permissions[GROUP["id"]] = chat_permissions(**rights)
    if rights.get("can_send_photos") is False:
        fake.refuse["sendPhoto"] = (400, "Bad Request: not enough rights to send photos to the chat")
    if rights.get("can_send_documents") is False:
        fake.refuse["sendDocument"] = (400, "Bad Request: not enough rights to send documents to the chat")


async def test_defaults_forbidding_pictures_are_told_up_front_not_painted(recorded, fake_queue):
    fake = recorded
    forbid(fake, can_send_photos=False, can_send_documents=False)
    await paint(fake, "dp1")
    await fake.wait_for(lambda: said(fake, REFUSED) == 1, timeout=WAIT_S)
    assert not fake_queue.jobs and not uploads(fake), uploads(fake)
    assert not any(d.endswith("dp1") for d in fake.downloads), fake.downloads
    assert asked(fake) == 1 and len(fake.sent("getChat", GROUP["id"])) == 1


async def test_defaults_forbidding_photos_only_get_the_painting_as_a_file(recorded, fake_queue):
    fake = recorded
    forbid(fake, can_send_photos=False)
    await paint(fake, "dp2")
    await fake.wait_for(lambda: len(fake.sent("sendDocument", GROUP["id"])) == 1, timeout=WAIT_S)
    assert uploads(fake) == ["sendDocument"] and len(fake_queue.jobs) == 1


async def test_an_admin_is_not_asked_about_the_defaults(recorded, fake_queue):
    """An administrator's rights are all: getChat is not asked (nor a restricted member's own)."""
    fake = recorded
    fake.chat_members[(GROUP["id"], BOT_ID)] = "administrator"
    fake.permissions[GROUP["id"]] = chat_permissions(can_send_photos=False, can_send_documents=False)
    await paint(fake, "dp3")
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 1, timeout=WAIT_S)
    assert asked(fake) == 1 and not fake.sent("getChat")


async def test_an_error_asking_for_the_defaults_is_taken_as_allowed(recorded, fake_queue):
    fake = recorded
    fake.errors["getChat"] = [(500, "Internal Server Error", {})]
    await paint(fake, "dp4")
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 1, timeout=WAIT_S)
    assert len(fake_queue.jobs) == 1


async def test_a_restriction_lifted_asks_about_the_defaults_at_the_next_painting(recorded, fake_queue):
    """my_chat_member: the bot restricted, now a plain member, whose rights are the group's
    defaults, which the update does not say: the next painting asks (getChat), not painted to be
    refused where the defaults forbid pictures too."""
    fake = recorded
    forbid(fake, can_send_photos=False, can_send_documents=False)
    fake.members[(GROUP["id"], BOT_ID)] = restricted_member(can_send_photos=False, can_send_documents=False)
    await paint(fake, "dr1")
    await fake.wait_for(lambda: said(fake, REFUSED) == 1, timeout=WAIT_S)
    del fake.members[(GROUP["id"], BOT_ID)]
    fake.push("my_chat_member", my_chat_member(GROUP, ANN, restricted_member(can_send_photos=False,
                                                                             can_send_documents=False),
                                               {"status": "member", "user": BOT_USER}))
    await asyncio.sleep(0.5)
    await paint(fake, "dr2")
    await fake.wait_for(lambda: asked(fake) == 2 and fake.sent("getChat", GROUP["id"]), timeout=WAIT_S)
    await asyncio.sleep(1.0)
    assert not fake_queue.jobs and not uploads(fake), uploads(fake)
    assert not any(d.endswith(("dr1", "dr2")) for d in fake.downloads), fake.downloads
