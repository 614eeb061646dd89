"""A group where the bot may not send text (400 "not enough rights to send text messages to the
chat"): it cannot speak there. One info line, no traceback, and that chat's requests are not
painted for a while (where pictures are refused too), nor answered in text."""
from __future__ import annotations

import asyncio
import logging

from tests.bot.telegram import test_telegram
from tests.bot.fake_telegram import BOT_USERNAME
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, GROUP, photo_sizes

recorded = test_telegram.recorded

WAIT_S = 20.0
NO_TEXT = "Bad Request: not enough rights to send text messages to the chat"


def mute(fake) -> None:
    fake.refuse["sendMessage"] = (400, NO_TEXT)
    fake.refuse["sendPhoto"] = (400, "Bad Request: not enough rights to send photos to the chat")
    fake.refuse["sendDocument"] = (400, "Bad Request: not enough rights to send documents to the chat")


def bot_records(caplog, level=logging.INFO):
    return [r for r in caplog.records if r.name.startswith("bot") and r.levelno >= level]


async def test_a_muted_bot_says_it_once_and_paints_no_more_there(recorded, fake_queue, caplog):
    """Before: every photo there was downloaded, painted, refused as a photo, as a file, and its
    refusal refused too, with two warnings a request. Now the first is tried, and the chat's
    later requests are dropped before their download, with one info line for the chat."""
    caplog.set_level(logging.INFO)
    fake = recorded
    mute(fake)
    fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, "m1", make_photo(96, 72)),
                                      caption="/style gogh"))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    first = len(bot_records(caplog))
    for i in range(2, 5):
        fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, f"m{i}", make_photo(96, 72)),
                                          caption="/style gogh"))
    fake.push("message", fake.message(ANN, GROUP, text=f"/help@{BOT_USERNAME}"))
    await asyncio.sleep(2.0)
    assert len(fake_queue.jobs) <= 1
    assert not any(f"m{i}" in d for d in fake.downloads for i in range(2, 5)), fake.downloads
    records = bot_records(caplog)
    assert not any(r.exc_info for r in records), [r.getMessage() for r in records]
    assert not [r for r in records if r.levelno >= logging.WARNING], [r.getMessage() for r in records]
    said = [r.getMessage() for r in records if "may not send text messages" in r.getMessage()]
    assert len(said) == 1, [r.getMessage() for r in records]
    assert len(records) == first, [r.getMessage() for r in records[first:]]     # the later ones: not a line
    assert len([m for m, _, _ in fake.calls if m.startswith("sendMessage")]) <= 2     # no retries


async def test_a_text_command_there_is_no_traceback(recorded, fake_queue, caplog):
    """/help where the bot may not write: a traceback ("command /help failed") and a second one
    for its error reply. Now one info line."""
    caplog.set_level(logging.INFO)
    fake = recorded
    mute(fake)
    fake.push("message", fake.message(ANN, GROUP, text=f"/help@{BOT_USERNAME}"))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    fake.push("message", fake.message(ANN, GROUP, text="/status"))
    await asyncio.sleep(1.0)
    records = bot_records(caplog)
    assert not any(r.exc_info for r in records), [r.getMessage() for r in records]
    assert not [r for r in records if r.levelno >= logging.WARNING], [r.getMessage() for r in records]
    assert len([m for m, _, _ in fake.calls if m.startswith("sendMessage")]) == 1, fake.calls


async def test_pictures_still_allowed_still_get_their_painting(recorded, fake_queue):
    """Text refused but photos allowed: the painting (its caption says what it is) still comes."""
    fake = recorded
    fake.refuse["sendMessage"] = (400, NO_TEXT)
    for i in range(2):
        fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, f"p{i}", make_photo(96, 72)),
                                          caption="/style gogh"))
        await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == i + 1, timeout=WAIT_S)
