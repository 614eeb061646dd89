"""A group where the bot may post files but not photos: every painting was tried as a photo,
refused, then sent as a file (two uploads each, the photo's wasted). While the group's refusal of
photos holds, a painting goes as a file at once; the memory ends as before: a change of the bot's
rights there (my_chat_member), Telegram's answer to getChatMember giving photos back, or
REFUSAL_KEPT_S with no photo refused."""
from __future__ import annotations

import asyncio

from bot import telegram_bot

from tests.bot.telegram import test_telegram
from tests.bot.fake_telegram import my_chat_member, restricted_member
from tests.bot.telegram.test_telegram import ANN, GROUP
from tests.bot.telegram.test_media_refused_memory import WAIT_S
from tests.bot.telegram.test_media_refusal_kinds import paint
from tests.bot.telegram.test_rights_asked import asked
from tests.bot.telegram.test_rights_probe import restrict, uploads

recorded = test_telegram.recorded

PROBE_AFTER_S = telegram_bot.PROBE_AFTER_S


def refuse_photos(fake) -> None:
    """Photos refused by a group's default rights: getChatMember says nothing of them (a member)."""
    fake.refuse["sendPhoto"] = (400, "Bad Request: not enough rights to send photos to the chat")


def files(fake) -> int:
    return len(fake.sent("sendDocument", GROUP["id"]))


async def test_after_a_refused_photo_the_paintings_go_as_files_at_once(recorded, fake_queue):
    fake = recorded
    refuse_photos(fake)
    await paint(fake, "pf1")
    await fake.wait_for(lambda: files(fake) == 1, timeout=WAIT_S)
    assert uploads(fake) == ["sendPhoto:400", "sendDocument"]
    await paint(fake, "pf2")
    await paint(fake, "pf3")
    await fake.wait_for(lambda: files(fake) == 3, timeout=WAIT_S)
    assert uploads(fake) == ["sendPhoto:400", "sendDocument", "sendDocument", "sendDocument"]
    # the painting as a file keeps its caption and buttons
    (sent, upload), = fake.sent("sendDocument", GROUP["id"])[-1:]
    assert sent["caption"] == "Vincent van Gogh" and sent["reply_markup"]["inline_keyboard"]
    assert list(upload) == ["document"] and len(fake_queue.jobs) == 3


async def test_a_restriction_telegram_told_sends_the_first_painting_as_a_file(recorded, fake_queue):
    fake = recorded
    restrict(fake, can_send_photos=False)
    await paint(fake, "pt1")
    await fake.wait_for(lambda: files(fake) == 1, timeout=WAIT_S)
    assert uploads(fake) == ["sendDocument"] and asked(fake) == 1


async def test_photos_given_back_end_it(recorded, fake_queue, layer):
    """my_chat_member giving photos back: the next painting is a photo again."""
    fake = recorded
    refuse_photos(fake)
    await paint(fake, "pb1")
    await fake.wait_for(lambda: files(fake) == 1, timeout=WAIT_S)
    fake.refuse.clear()
    fake.push("my_chat_member", my_chat_member(GROUP, ANN, restricted_member(can_send_photos=False),
                                               restricted_member()))
    await asyncio.sleep(0.5)
    await paint(fake, "pb2")
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 1, timeout=WAIT_S)
    assert uploads(fake) == ["sendPhoto:400", "sendDocument", "sendPhoto"]


async def test_getchatmember_giving_photos_back_ends_it(recorded, fake_queue, layer):
    """Known from getChatMember, the photos' refusal is asked about again a minute on (as the
    refusal of both, test_rights_probe): the rights back, the painting goes as a photo."""
    fake = recorded
    now = [1000.0]
    layer.clock = lambda: now[0]
    restrict(fake, can_send_photos=False)
    await paint(fake, "pa1")
    await fake.wait_for(lambda: files(fake) == 1, timeout=WAIT_S)
    restrict(fake)
    await paint(fake, "pa2")                # within the minute: a file, nothing asked
    await fake.wait_for(lambda: files(fake) == 2, timeout=WAIT_S)
    assert asked(fake) == 1
    now[0] += PROBE_AFTER_S + 1
    await paint(fake, "pa3")
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 1, timeout=WAIT_S)
    assert asked(fake) == 2 and uploads(fake) == ["sendDocument", "sendDocument", "sendPhoto"]


async def test_it_is_forgotten_after_a_while(recorded, fake_queue, layer):
    """A photo's refusal known from a send alone is tried again REFUSAL_KEPT_S later."""
    fake = recorded
    now = [1000.0]
    layer.clock = lambda: now[0]
    refuse_photos(fake)
    await paint(fake, "pw1")
    await fake.wait_for(lambda: files(fake) == 1, timeout=WAIT_S)
    now[0] += telegram_bot.REFUSAL_KEPT_S + 1
    fake.refuse.clear()
    await paint(fake, "pw2")
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 1, timeout=WAIT_S)
    assert uploads(fake) == ["sendPhoto:400", "sendDocument", "sendPhoto"]


async def test_where_files_are_refused_too_the_minutes_try_is_a_photo(recorded, fake_queue, layer):
    """Photos and files both refused (known from sends): the painting let through a minute on is
    tried as a photo first, as before, so photos given back (files still not) are found out then,
    not only once the photos' refusal runs out."""
    fake = recorded
    now = [1000.0]
    layer.clock = lambda: now[0]
    refuse_photos(fake)
    fake.refuse["sendDocument"] = (400, "Bad Request: not enough rights to send documents to the chat")
    await paint(fake, "pd1")
    await fake.wait_for(lambda: "sendDocument:400" in uploads(fake), timeout=WAIT_S)
    del fake.refuse["sendPhoto"]            # photos given back, files not
    now[0] += PROBE_AFTER_S + 1
    await paint(fake, "pd2")
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 1, timeout=WAIT_S)
    assert uploads(fake) == ["sendPhoto:400", "sendDocument:400", "sendPhoto"]
