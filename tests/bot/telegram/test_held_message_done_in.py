"""A message Telegram held while the bot was down (its date minutes before the bot got it) said
"✅ done in 3 s": the wait its user had counted from the bot's start. The front-end passes its
date to the command layer (arrive's ``sent``; arrival_times.held_before reads it): its whole wait
counts, hours too (a web page's told wait is bounded at 10 min, Telegram's server date is no
claim); a date in the future (clocks apart) counts nothing, and an edited command counts from its
edit."""
from __future__ import annotations

import re
import time

import pytest

from bot.arrival_times import WAITED_BEFORE_MOST_S
from tests.bot.conftest import make_photo
from tests.bot.telegram import test_telegram
from tests.bot.telegram.test_telegram import ANN, PRIVATE_ANN, photo_sizes

recorded = test_telegram.recorded

WAIT_S = 30.0
HELD_S = 150


def done_seconds(fake) -> float:
    """The seconds Ann's "✅ ... done in N s" / "in 2 min 30 s" / "in 5 h 1 min" line says."""
    texts = [p.get("text") or "" for method in ("sendMessage", "editMessageText") for p, _ in fake.sent(method, 1)]
    [line] = [text for text in texts if "done in" in text]
    if "done in under a second" in line:
        return 0.0
    found = re.search(r"done in (?:(\d+) h ?)?(?:(\d+) min ?)?(?:([0-9.]+) s)?", line)
    assert found and any(found.groups()), line
    return 3600 * int(found.group(1) or 0) + 60 * int(found.group(2) or 0) + float(found.group(3) or 0)


async def painted(fake, message: dict, kind: str = "message") -> float:
    fake.push(kind, message)
    await fake.wait_for(lambda: fake.sent("sendPhoto", 1), timeout=WAIT_S)
    await fake.wait_for(lambda: any("done in" in (p.get("text") or "") for method in ("sendMessage", "editMessageText")
                                    for p, _ in fake.sent(method, 1)), timeout=WAIT_S)
    return done_seconds(fake)


def photo_message(fake, **fields) -> dict:
    return fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "p1", make_photo(96, 72)), caption="/style gogh",
                        **fields)


async def test_a_message_held_while_the_bot_was_down_counts_its_wait(recorded):
    fake = recorded
    seconds = await painted(fake, photo_message(fake, date=int(time.time()) - HELD_S))
    assert HELD_S <= seconds < HELD_S + WAIT_S, seconds


async def test_a_message_held_for_hours_counts_its_whole_wait(recorded):
    """Held 5 h it said "done in 10 min" (the web page's bound on its own told wait): a wrong number.
    Said in hours and minutes, to the minute."""
    fake = recorded
    seconds = await painted(fake, photo_message(fake, date=int(time.time()) - 5 * 3600))
    assert 5 * 3600 - 60 <= seconds <= 5 * 3600 + 120 and seconds > 2 * WAITED_BEFORE_MOST_S, seconds


@pytest.mark.parametrize("ahead_s", [3600, 1])
async def test_a_date_ahead_of_the_bots_clock_counts_nothing(recorded, ahead_s):
    fake = recorded
    seconds = await painted(fake, photo_message(fake, date=int(time.time()) + ahead_s))
    assert seconds < 10, seconds


async def test_an_edited_command_counts_from_its_edit(recorded):
    """"/style goh" sent long ago, fixed to "/style gogh" now: the painting asked for now."""
    fake = recorded
    first = fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "p1", make_photo(96, 72)), caption="hello",
                         date=int(time.time()) - HELD_S)
    fake.push("message", first)
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    seconds = await painted(fake, fake.edited(first, caption="/style gogh"), kind="edited_message")
    assert seconds < 10, seconds
