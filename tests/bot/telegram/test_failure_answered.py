"""A message or a button tap whose handling fails in the Telegram front-end, before the command
layer (which answers its own failures): the store locked while the front-end reads the command
(its community styles), say. It got no answer at all (the error went to python-telegram-bot's
handler, a log line); now it is answered as the layer answers a failure."""
from __future__ import annotations

import sqlite3

from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.fake_telegram import BOT_USERNAME
from tests.bot.telegram.test_telegram import ANN, GROUP, MINSU, PRIVATE_ANN, PRIVATE_MINSU, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 20.0


def locked_once(layer) -> list:
    """The layer's parse (which reads the store: community styles) fails once, as SQLite's lock does."""
    parse, failed = layer.parse, []

    def parse_locked(req):
        if not failed:
            failed.append(req.text)
            exc = sqlite3.OperationalError("database is locked")
            exc.sqlite_errorcode = sqlite3.SQLITE_BUSY
            raise exc
        return parse(req)

    layer.parse = parse_locked
    return failed


async def test_a_photo_whose_command_cannot_be_read_is_told_so(recorded, fake_queue):
    fake = recorded
    failed = locked_once(fake.frontend.layer)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "fa1", make_photo()),
                                      caption="/style gogh"))
    await fake.wait_for(lambda: t("en", "storage_problem") in texts(fake, PRIVATE_ANN["id"]), timeout=WAIT_S)
    assert failed == ["/style gogh"] and not fake_queue.jobs
    # in Korean to a Korean user; the next message goes as ever
    locked_once(fake.frontend.layer)
    fake.push("message", fake.message(MINSU, PRIVATE_MINSU, photo=photo_sizes(fake, "fa2", make_photo()),
                                      caption="고흐처럼"))
    await fake.wait_for(lambda: t("ko", "storage_problem") in texts(fake, PRIVATE_MINSU["id"]), timeout=WAIT_S)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "fa3", make_photo()),
                                      caption="/style gogh"))
    await fake.wait_for(lambda: len(fake_queue.jobs) == 1, timeout=WAIT_S)


async def test_group_chatter_whose_reading_fails_gets_nothing(recorded, fake_queue):
    """Not for the bot as far as can be told: nothing said (it would not have been answered)."""
    fake = recorded
    failed = locked_once(fake.frontend.layer)
    fake.push("message", fake.message(ANN, GROUP, text="what a nice day"))
    await fake.wait_for(lambda: failed, timeout=WAIT_S)
    fake.push("message", fake.message(ANN, GROUP, text="/style@otherbot gogh"))
    fake.push("message", fake.message(ANN, GROUP, text=f"/status@{BOT_USERNAME}"))
    await fake.wait_for(lambda: any("Queue:" in s for s in texts(fake, GROUP["id"])), timeout=WAIT_S)
    assert t("en", "storage_problem") not in texts(fake, GROUP["id"])


async def test_a_button_tap_whose_command_cannot_be_read_is_told_so(recorded, fake_queue):
    fake = recorded
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "fb1", make_photo())))
    await fake.wait_for(lambda: t("en", "pick_artist") in texts(fake, PRIVATE_ANN["id"]), timeout=WAIT_S)
    params, _ = fake.sent("sendMessage", PRIVATE_ANN["id"])[-1]
    buttons = {**fake.bot_messages[max(fake.bot_messages)], "reply_markup": params["reply_markup"]}
    failed = locked_once(fake.frontend.layer)
    fake.push("callback_query", {"id": "q1", "from": ANN, "chat_instance": "x", "message": buttons,
                                 "data": buttons["reply_markup"]["inline_keyboard"][0][0]["callback_data"]})
    await fake.wait_for(lambda: t("en", "storage_problem") in texts(fake, PRIVATE_ANN["id"]), timeout=WAIT_S)
    assert failed and not fake_queue.jobs


async def test_a_download_broken_off_halfway_is_fetched_again_or_said(recorded, fake_queue, monkeypatch):
    """A guard (it passed before too): a photo whose download breaks off halfway is fetched again
    and painted; one that always does is answered that it could not be fetched, not left unanswered."""
    from bot import telegram_bot
    monkeypatch.setattr(telegram_bot, "DOWNLOAD_PATIENCE_S", 3.0)
    fake = recorded
    photo = make_photo()
    fake.cut_files["cut1"] = 1
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "cut1", photo), caption="/style gogh"))
    await fake.wait_for(lambda: len(fake_queue.jobs) == 1, timeout=WAIT_S)
    assert fake_queue.jobs[0].image == photo
    fake.cut_files["cut2"] = 99
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "cut2", make_photo(seed=2)),
                                      caption="/style gogh"))
    await fake.wait_for(lambda: t("en", "download_failed") in texts(fake, PRIVATE_ANN["id"]), timeout=WAIT_S)
    assert len(fake_queue.jobs) == 1
