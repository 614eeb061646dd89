"""The minute's try of a restricted group (test_rights_probe) asks Telegram about the bot's
rights again, but did not count as the group's question of RIGHTS_ASKED_S: rights found back a
minute after the first question were asked about again when that first question's ten minutes
ran out, a call that told nothing new. Now the minute's question starts the window anew: one
question per group per window, whichever asked it."""
from __future__ import annotations

from bot import telegram_bot

from tests.bot.telegram import test_telegram
from tests.bot.telegram.test_telegram import GROUP
from tests.bot.telegram.test_media_refused_memory import WAIT_S
from tests.bot.telegram.test_media_refusal_kinds import paint
from tests.bot.telegram.test_rights_asked import asked
from tests.bot.telegram.test_rights_probe import refused_once, restrict
from tests.bot.telegram.test_muted_group import answered

recorded = test_telegram.recorded

PROBE_AFTER_S = telegram_bot.PROBE_AFTER_S
RIGHTS_ASKED_S = telegram_bot.RIGHTS_ASKED_S


def photos(fake) -> int:
    return len(fake.sent("sendPhoto", GROUP["id"]))


async def test_the_minutes_question_starts_the_window(recorded, fake_queue, layer):
    fake = recorded
    now = await refused_once(fake, layer, "qw1")
    restrict(fake)                          # the rights given back
    now[0] += PROBE_AFTER_S + 1             # the minute's question: painted
    await paint(fake, "qw2")
    await fake.wait_for(lambda: photos(fake) == 1, timeout=WAIT_S)
    await fake.wait_for(answered(fake, 2), timeout=WAIT_S)
    now[0] = 1000.0 + RIGHTS_ASKED_S + 1    # the first question's window is over, not the minute's
    await paint(fake, "qw3")
    await fake.wait_for(lambda: photos(fake) == 2, timeout=WAIT_S)
    assert asked(fake) == 2
    now[0] = 1000.0 + PROBE_AFTER_S + 1 + RIGHTS_ASKED_S + 1
    await paint(fake, "qw4")
    await fake.wait_for(lambda: photos(fake) == 3, timeout=WAIT_S)
    assert asked(fake) == 3 and len(fake_queue.jobs) == 3
