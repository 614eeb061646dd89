"""The refusal memory's changes (test_rights_probe: a getChatMember probe instead of a painting;
test_photos_refused_files: a file at once where photos are refused) are for groups where a
refusal is known. An ordinary group painting (no restriction known) makes the same Bot API calls
as before: one getChatMember of the bot itself before the group's first painting, and one getChat
(the group's default permissions, which are a plain member's rights: test_default_permissions),
then none for RIGHTS_ASKED_S; one sendPhoto a painting, nothing more."""
from __future__ import annotations

from collections import Counter

from tests.bot.telegram import test_telegram
from tests.bot.fake_telegram import BOT_ID
from tests.bot.telegram.test_telegram import GROUP
from tests.bot.telegram.test_media_refused_memory import WAIT_S
from tests.bot.telegram.test_media_refusal_kinds import paint

recorded = test_telegram.recorded


def made(fake, start: int = 0) -> list[str]:
    """The calls the bot made (getUpdates aside: the fake does not record it), from ``start`` on."""
    return [m for m, _, _ in fake.calls[start:]]


async def test_an_ordinary_group_painting_makes_no_extra_call(recorded, fake_queue, layer):
    fake = recorded
    now = [5000.0]
    layer.clock = lambda: now[0]
    start = len(fake.calls)
    await paint(fake, "oc1")
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 1, timeout=WAIT_S)
    first = made(fake, start)
    asks = [p for p, _ in fake.sent("getChatMember", GROUP["id"])]
    assert len(asks) == 1 and int(asks[0]["user_id"]) == BOT_ID
    # a minute and more later (the refusal probe's PROBE_AFTER_S), within RIGHTS_ASKED_S
    now[0] += 120
    start = len(fake.calls)
    await paint(fake, "oc2")
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 2, timeout=WAIT_S)
    second = made(fake, start)
    assert len(fake_queue.jobs) == 2
    # the photo's file, the progress line and its outcome, the painting
    painting = Counter({"getFile": 1, "sendMessage": 1, "editMessageText": 1, "sendPhoto": 1})
    assert Counter(first) == painting + Counter({"getChatMember": 1, "getChat": 1}), first
    assert Counter(second) == painting, second
