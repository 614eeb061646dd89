"""/mydata's zip over the upload limit goes as several; one of them lost in a way that does not
say whether Telegram took it (a timeout, a connection dropped after the request went out)."""
from __future__ import annotations

import io
import zipfile

from bot import telegram_bot
from bot.commands import Reply
from bot.telegram_bot import TelegramResponder

from tests.bot.telegram import test_telegram
from tests.bot.telegram.test_telegram_flows import noise_jpeg

recorded = test_telegram.recorded


def big_zip(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
        for i in range(count):
            z.writestr(f"photos/{i}.jpg", noise_jpeg(i))
    return buffer.getvalue()


async def test_the_parts_after_one_that_may_have_arrived_are_still_sent(recorded, monkeypatch):
    """The first of the parts taken by Telegram, its answer lost (the connection dropped): the
    other two were never sent, and no one said so. Now they go; the first is not sent again."""
    monkeypatch.setattr(telegram_bot, "LOCAL_UPLOAD_BYTES", 100_000, raising=False)
    fake = recorded
    fake.max_upload = 100_000
    body = big_zip(6)
    fake.dropped["sendDocument"] = 1
    out = TelegramResponder(fake.frontend.app.bot, 1)
    handle = await out.send(Reply("your data", document=("mydata.zip", body)))
    sent = fake.sent("sendDocument", 1)
    parts = len(telegram_bot.split_zip(body, 100_000))
    assert parts >= 2 and len(sent) == parts                # each part once: the first not again
    got = []
    for _, files in sent:
        with zipfile.ZipFile(io.BytesIO(files["document"])) as part:
            got += part.namelist()
    assert sorted(got) == sorted(f"photos/{i}.jpg" for i in range(6))
    assert isinstance(handle, int)                          # the first part surely sent


async def test_when_no_part_surely_arrived_it_is_maybe_delivered(recorded, monkeypatch):
    """Every part's answer lost: the layer hears "may have arrived" (no "could not send")."""
    import pytest

    from bot.chat import MaybeDelivered

    monkeypatch.setattr(telegram_bot, "LOCAL_UPLOAD_BYTES", 100_000, raising=False)
    fake = recorded
    fake.max_upload = 100_000
    fake.dropped["sendDocument"] = 10
    out = TelegramResponder(fake.frontend.app.bot, 1)
    with pytest.raises(MaybeDelivered):
        await out.send(Reply("your data", document=("mydata.zip", big_zip(6))))
    assert len(fake.sent("sendDocument", 1)) == len(telegram_bot.split_zip(big_zip(6), 100_000))
