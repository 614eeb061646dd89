"""The first painting in a group where the bot may not post pictures was painted, then refused,
before the refusal was remembered. Now the bot asks Telegram for its own rights in a group
(getChatMember of itself) before its first painting there, at most once per chat in
RIGHTS_ASKED_S: restricted from photos and files, the request is told so at once, not painted.
Private chats are not asked about; an error answers "allowed"."""
from __future__ import annotations

import asyncio

from bot import telegram_bot
from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.fake_telegram import BOT_ID, my_chat_member, restricted_member
from tests.bot.telegram.test_telegram import ANN, GROUP, MINSU, PRIVATE_ANN, photo_sizes
from tests.bot.telegram.test_media_refused_memory import WAIT_S, said
from tests.bot.telegram.test_media_refusal_kinds import paint

recorded = test_telegram.recorded

REFUSED = t("en", "no_media_rights")


def asked(fake, chat: int = GROUP["id"]) -> int:
    return sum(1 for p, _ in fake.sent("getChatMember", chat) if int(p["user_id"]) == BOT_ID)


async def test_the_first_painting_where_the_bot_is_restricted_is_not_painted(recorded, fake_queue):
    fake = recorded
    fake.members[(GROUP["id"], BOT_ID)] = restricted_member(can_send_photos=False, can_send_documents=False)
    await paint(fake, "ra1")
    await fake.wait_for(lambda: said(fake, REFUSED) == 1, timeout=WAIT_S)
    fake.push("message", fake.message(MINSU, GROUP, photo=photo_sizes(fake, "ra2", make_photo(96, 72)),
                                      caption="/style 고흐"))
    await fake.wait_for(lambda: said(fake, t("ko", "no_media_rights")) == 1, timeout=WAIT_S)
    assert not fake_queue.jobs and not any("ra" in d for d in fake.downloads), fake.downloads
    assert not [m for m, _, _ in fake.calls if m.startswith(("sendPhoto", "sendDocument"))]
    assert asked(fake) == 1


async def test_a_group_is_asked_about_once_in_ten_minutes_and_a_private_chat_never(recorded, fake_queue, layer):
    fake = recorded
    now = [5000.0]
    layer.clock = lambda: now[0]
    await paint(fake, "rb1")
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 1, timeout=WAIT_S)
    await paint(fake, "rb2")
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 2, timeout=WAIT_S)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "rb3", make_photo(96, 72)),
                                      caption="/style gogh"))
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", PRIVATE_ANN["id"])) == 1, timeout=WAIT_S)
    assert asked(fake) == 1 and not fake.sent("getChatMember", PRIVATE_ANN["id"])
    now[0] += getattr(telegram_bot, "RIGHTS_ASKED_S", 600.0) - 1
    await paint(fake, "rb4")
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 3, timeout=WAIT_S)
    assert asked(fake) == 1
    now[0] += 2
    await paint(fake, "rb5")
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 4, timeout=WAIT_S)
    assert asked(fake) == 2


async def test_an_error_asking_is_taken_as_allowed(recorded, fake_queue):
    fake = recorded
    fake.errors["getChatMember"] = [(500, "Internal Server Error", {})]
    await paint(fake, "rc1")
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 1, timeout=WAIT_S)
    assert len(fake_queue.jobs) == 1


async def test_a_rights_change_that_takes_pictures_away_is_taken_at_its_word(recorded, fake_queue):
    """Telegram says the bot is now restricted from photos and files there (my_chat_member): the
    next painting is told so at once, not painted and refused."""
    fake = recorded
    await paint(fake, "rd1")
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 1, timeout=WAIT_S)
    fake.push("my_chat_member", my_chat_member(GROUP, ANN, restricted_member(),
                                               restricted_member(can_send_photos=False, can_send_documents=False)))
    await asyncio.sleep(0.5)
    await paint(fake, "rd2")
    await fake.wait_for(lambda: said(fake, REFUSED) == 1, timeout=WAIT_S)
    assert len(fake_queue.jobs) == 1
