"""A group where Telegram said the bot is restricted from photos and files (getChatMember of
itself, test_rights_asked): a minute after the refusal one painting request was let through
(PROBE_AFTER_S) to find out whether the right was back; it was painted (the engine's time) and
then refused, each minute. Where the refusal is Telegram's word about the bot's rights
(getChatMember, my_chat_member), the bot now asks getChatMember again instead: still restricted,
the request is told so at once, not painted; the rights back, it is painted and delivered. A
refusal known only from a refused send still lets a painting through (test_refusal_probe:
getChatMember cannot tell a group's default rights)."""
from __future__ import annotations

from bot import telegram_bot
from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.telegram.test_telegram import GROUP
from tests.bot.telegram.test_media_refused_memory import WAIT_S, said
from tests.bot.telegram.test_media_refusal_kinds import paint
from tests.bot.telegram.test_rights_asked import asked
from tests.bot.telegram.test_muted_group import answered
from tests.bot.fake_telegram import BOT_ID, restricted_member

recorded = test_telegram.recorded

REFUSED = t("en", "no_media_rights")
PROBE_AFTER_S = telegram_bot.PROBE_AFTER_S


def restrict(fake, **rights: bool) -> None:
    """The bot restricted in the group, as getChatMember answers and as its sends are refused."""
    fake.members[(GROUP["id"], BOT_ID)] = restricted_member(**rights)
    fake.refuse.pop("sendPhoto", None)
    fake.refuse.pop("sendDocument", None)
    if rights.get("can_send_photos") is False:
        fake.refuse["sendPhoto"] = (400, "Bad Request: not enough rights to send photos to the chat")
    if rights.get("can_send_documents") is False:
        fake.refuse["sendDocument"] = (400, "Bad Request: not enough rights to send documents to the chat")


def uploads(fake) -> list[str]:
    return [m for m, _, _ in fake.calls if m.startswith(("sendPhoto", "sendDocument"))]


async def refused_once(fake, layer, file_id: str) -> list[float]:
    """The layer's clock the test's to move (``now[0]``, returned), the bot restricted from photos
    and files in the group, and a painting there (photo ``file_id``) refused: told so once."""
    now = [1000.0]
    layer.clock = lambda: now[0]
    restrict(fake, can_send_photos=False, can_send_documents=False)
    await paint(fake, file_id)
    await fake.wait_for(lambda: said(fake, REFUSED) == 1, timeout=WAIT_S)
    return now


async def test_the_minutes_probe_asks_telegram_instead_of_painting(recorded, fake_queue, layer):
    fake = recorded
    now = await refused_once(fake, layer, "pq1")
    assert asked(fake) == 1
    now[0] += PROBE_AFTER_S + 1
    await paint(fake, "pq2")                # the probe: Telegram is asked, still restricted: told so
    # (its answer noted and told before the clock moves on: the call recorded alone is not that)
    await fake.wait_for(lambda: answered(fake, 2)() and said(fake, REFUSED) == 2, timeout=WAIT_S)
    now[0] += 11                            # (past the once-a-burst quiet: told again)
    await paint(fake, "pq3")                # within the minute: refused up front, not asked
    await fake.wait_for(lambda: said(fake, REFUSED) == 3, timeout=WAIT_S)
    assert asked(fake) == 2
    assert not fake_queue.jobs and not uploads(fake), uploads(fake)
    assert not any(d.endswith(("pq2", "pq3")) for d in fake.downloads), fake.downloads


async def test_rights_given_back_are_found_out_by_asking_and_painted(recorded, fake_queue, layer):
    fake = recorded
    now = await refused_once(fake, layer, "pg1")
    restrict(fake)                          # an admin gives the rights back; no my_chat_member came
    now[0] += PROBE_AFTER_S / 2
    await paint(fake, "pg2")                # too soon: refused up front, nothing asked
    now[0] += 11
    await paint(fake, "pg3")
    await fake.wait_for(lambda: said(fake, REFUSED) == 2, timeout=WAIT_S)
    assert asked(fake) == 1 and not fake_queue.jobs
    now[0] += PROBE_AFTER_S
    await paint(fake, "pg4")                # asked: the rights are back, so it is painted
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 1, timeout=WAIT_S)
    assert asked(fake) == 2
    await paint(fake, "pg5")                # the group is taken again at once
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 2, timeout=WAIT_S)
    assert asked(fake) == 2 and len(fake_queue.jobs) == 2 and said(fake, REFUSED) == 2
    assert uploads(fake) == ["sendPhoto", "sendPhoto"]


async def test_a_probe_whose_question_fails_keeps_the_refusal(recorded, fake_queue, layer):
    """No answer is no news that the rights are back: the request is told so, not painted, and
    the next minute's asks again."""
    fake = recorded
    now = await refused_once(fake, layer, "pe1")
    now[0] += PROBE_AFTER_S + 11
    fake.errors["getChatMember"] = [(500, "Internal Server Error", {})]
    await paint(fake, "pe2")
    await fake.wait_for(lambda: said(fake, REFUSED) == 2, timeout=WAIT_S)
    assert not fake_queue.jobs and not uploads(fake)
    restrict(fake)
    now[0] += PROBE_AFTER_S + 1
    await paint(fake, "pe3")
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 1, timeout=WAIT_S)
    assert len(fake_queue.jobs) == 1 and asked(fake) == 2    # (the failed ask is recorded as getChatMember:500)
