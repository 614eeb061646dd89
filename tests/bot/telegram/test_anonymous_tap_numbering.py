"""How a button tap by a group admin who stays anonymous is numbered (CommandLayer.arrive): the
tap is the group's, so the group's /cancel waits for it, and it holds up none of the admin's
own messages once it is known to be the group's."""
from __future__ import annotations

from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.telegram.test_telegram import ANN, GROUP, PRIVATE_ANN
from tests.bot.telegram.test_telegram_flows import texts
from tests.bot.telegram.test_anonymous_taps import ANONYMOUS_ADMIN, painted_anonymously, tap

recorded = test_telegram.recorded

WAIT_S = 20.0


def anonymous_admin(fake) -> None:
    fake.chat_members[(GROUP["id"], ANN["id"])] = "administrator"
    fake.anonymous_admins.add((GROUP["id"], ANN["id"]))


async def test_an_anonymous_admins_tap_does_not_hold_up_their_own_messages(recorded, fake_queue):
    """The tap was numbered as the tapper's own account, then again as the group: the first
    number stayed unsettled until the painting ended, and every message of the admin's own that
    waits for what came before (here "/size small" in their private chat) waited for the
    group's painting (up to ORDER_WAIT_S). Now it is answered while the painting is under way."""
    fake = recorded
    anonymous_admin(fake)
    painting = await painted_anonymously(fake)
    fake_queue.delay = 6.0
    tap(fake, ANN, painting, "/weaker")
    await fake.wait_for(lambda: len(fake_queue.jobs) == 2, timeout=WAIT_S)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/size small"))
    await fake.wait_for(lambda: texts(fake, PRIVATE_ANN["id"]), timeout=WAIT_S)
    # the tap's painting is still under way: only the first painting is in the group
    assert len(fake.sent("sendPhoto", GROUP["id"])) == 1, texts(fake, PRIVATE_ANN["id"])
    # and their own /cancel does not wait for it either (it is the group's, not theirs)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/cancel"))
    await fake.wait_for(lambda: len(texts(fake, PRIVATE_ANN["id"])) == 2, timeout=WAIT_S)
    assert len(fake.sent("sendPhoto", GROUP["id"])) == 1
    assert fake_queue.jobs[1].id not in fake_queue.cancelled_jobs
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 2, timeout=WAIT_S)


async def test_the_groups_cancel_sent_while_the_tap_is_checked_cancels_it(recorded, fake_queue):
    """The group's number was taken only after the tap's answerCallbackQuery and getChatMember
    round trips: the group's /cancel sent meanwhile said "no paintings", and the tap painted.
    Now the tap is numbered as it comes, for the group too: the /cancel waits for it and stops it."""
    fake = recorded
    anonymous_admin(fake)
    painting = await painted_anonymously(fake)
    fake.slow_methods["getChatMember"] = 1.0
    tap(fake, ANN, painting, "/weaker")
    await fake.wait_for(lambda: "getChatMember" in fake.started, timeout=WAIT_S)
    fake.push("message", fake.message(ANONYMOUS_ADMIN, GROUP, sender_chat=GROUP, text="/cancel"))
    await fake.wait_for(lambda: len(fake.handled) == 3, timeout=WAIT_S)
    assert len(fake_queue.jobs) == 1, [job.meta.get("command") for job in fake_queue.jobs]
    said = texts(fake, GROUP["id"])
    assert t("en", "cancelled_jobs", count=1) in said, said


async def test_a_members_tap_checked_slowly_is_still_theirs_to_cancel(recorded, fake_queue):
    """Under the group's painting, a tap by someone who is not an anonymous admin is their own:
    their /cancel sent while the tap is checked (getChatMember) stops it. (A guard: it passed
    before too.)"""
    fake = recorded
    painting = await painted_anonymously(fake)
    fake.slow_methods["getChatMember"] = 1.0
    tap(fake, ANN, painting, "/weaker")
    await fake.wait_for(lambda: "getChatMember" in fake.started, timeout=WAIT_S)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/cancel"))
    await fake.wait_for(lambda: len(fake.handled) == 3, timeout=WAIT_S)
    assert len(fake_queue.jobs) == 1
    assert t("en", "cancelled_jobs", count=1) in texts(fake, PRIVATE_ANN["id"])
