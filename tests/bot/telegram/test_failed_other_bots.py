"""A group message whose reading fails in the Telegram front-end (the store locked while its
command's community styles are looked up) is answered "storage problem" only where it was for the
bot: a bare command of another bot's ("/sticker", as group members send to the bots there) got
that answer from this bot too, where before (and once the store answers) it gets nothing."""
from __future__ import annotations

import sqlite3

from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.fake_telegram import BOT_USERNAME
from tests.bot.telegram.test_telegram import ANN, GROUP, PRIVATE_ANN, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 20.0


def locked() -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError("database is locked")
    exc.sqlite_errorcode = sqlite3.SQLITE_BUSY          # as SQLite raises it
    return exc


async def test_another_bots_command_is_not_answered_when_the_store_fails(recorded, fake_queue):
    fake = recorded
    layer = fake.frontend.layer
    find_style, failed = layer.find_style, []

    def find_style_locked(name, req):
        if req.text.startswith("/sticker"):
            failed.append(name)
            raise locked()
        return find_style(name, req)

    layer.find_style = find_style_locked
    fake.push("message", fake.message(ANN, GROUP, text="/sticker cat"))
    await fake.wait_for(lambda: failed, timeout=WAIT_S)
    fake.push("message", fake.message(ANN, GROUP, text=f"/status@{BOT_USERNAME}"))
    await fake.wait_for(lambda: any("Queue:" in s for s in texts(fake, GROUP["id"])), timeout=WAIT_S)
    assert t("en", "storage_problem") not in texts(fake, GROUP["id"]), texts(fake, GROUP["id"])


async def test_the_bots_own_command_in_a_group_is_still_told(recorded, fake_queue):
    """A guard: a command of ours (/style, /gogh, /style_gogh) whose reading fails is told so."""
    fake = recorded
    layer = fake.frontend.layer
    parse, failed = layer.parse, []

    def parse_locked(req):
        if len(failed) < 3 and not req.text.startswith("/status"):
            failed.append(req.text)
            raise locked()
        return parse(req)

    layer.parse = parse_locked
    for i, caption in enumerate(("/style gogh", "/gogh", "/style_monet")):
        fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, f"fo{i}", make_photo(seed=i)),
                                          caption=caption))
    await fake.wait_for(lambda: texts(fake, GROUP["id"]).count(t("en", "storage_problem")) == 3, timeout=WAIT_S)
    assert not fake_queue.jobs


async def test_a_command_for_another_bot_is_not_answered_when_reading_fails(recorded, fake_queue):
    """"/style@otherbot gogh" is ignored by the layer, in a private chat too: its failure is not told."""
    fake = recorded
    layer = fake.frontend.layer
    parse, failed = layer.parse, []

    def parse_locked(req):
        if "@otherbot" in req.text:
            failed.append(req.chat_id)
            raise locked()
        return parse(req)

    layer.parse = parse_locked
    for chat in (GROUP, PRIVATE_ANN):
        fake.push("message", fake.message(ANN, chat, text="/style@otherbot gogh"))
        fake.push("message", fake.message(ANN, chat, text=f"/status@{BOT_USERNAME}"))
    await fake.wait_for(lambda: all(any("Queue:" in s for s in texts(fake, chat["id"])) for chat in (GROUP, PRIVATE_ANN)),
                        timeout=WAIT_S)
    assert len(failed) == 2
    for chat in (GROUP, PRIVATE_ANN):
        assert t("en", "storage_problem") not in texts(fake, chat["id"]), texts(fake, chat["id"])
