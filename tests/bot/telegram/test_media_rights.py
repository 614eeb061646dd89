"""A group whose admins took the bot's right to post media away: Telegram refuses its paintings
(400 "not enough rights to send photos", the same of documents), and the user is told why."""
from __future__ import annotations

import pytest

from bot.commands import Reply
from bot.errors import BotError
from bot.messages import t
from bot.telegram_bot import TelegramResponder

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, GROUP, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 20.0


async def test_a_painting_refused_for_want_of_rights_says_an_admin_must_allow_pictures(recorded, fake_queue):
    """The painting was refused as a photo, then as a file, for want of rights: the user read
    "could not send it, please ask again", which fails again as long as the rights are missing.
    Now they read that the bot may not post pictures there and an admin has to allow it; the
    painting is not sent again."""
    fake = recorded
    fake.errors["sendPhoto"] = [(400, "Bad Request: not enough rights to send photos to the chat", {})]
    fake.errors["sendDocument"] = [(400, "Bad Request: not enough rights to send documents to the chat", {})]
    fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, "nr1", make_photo(128, 96)),
                                      caption="/style gogh"))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    said = texts(fake, GROUP["id"])
    assert t("en", "no_media_rights") in said, said
    assert t("en", "send_failed") not in said
    assert [m for m, _, _ in fake.calls if m.startswith(("sendPhoto", "sendDocument"))] == \
        ["sendPhoto:400", "sendDocument:400"]


async def test_a_zip_refused_for_want_of_rights_says_so_too(recorded, fake_queue, monkeypatch):
    """The same of a file (the refusal names documents): not "something went wrong"."""
    fake = recorded
    fake.errors["sendDocument"] = [(400, "Bad Request: not enough rights to send documents to the chat", {})]
    out = TelegramResponder(fake.frontend.app.bot, GROUP["id"])
    with pytest.raises(BotError) as refused:        # the layer says its key's text
        await out.send(Reply("x", document=("mydata.zip", b"PK")))
    assert refused.value.key == "no_media_rights"
    assert [m for m, _, _ in fake.calls if m.startswith("sendDocument")] == ["sendDocument:400"]


async def test_a_restarts_delivery_refused_for_want_of_rights_says_so(recorded, fake_queue):
    """After a restart, the painting refused for want of rights: the outcome line was there and the
    painting silently missing (the error stopped the delivery). Now the chat reads why."""
    fake = recorded
    fake.errors["sendPhoto"] = [(400, "Bad Request: not enough rights to send photos to the chat", {})]
    fake.errors["sendDocument"] = [(400, "Bad Request: not enough rights to send documents to the chat", {})]
    await fake.frontend.deliver(f"tg:{GROUP['id']}", [Reply("✅ Vincent van Gogh: done"),
                                                      Reply("Vincent van Gogh", image=make_photo(128, 96))],
                                user_id="tg:1", origin={"name": "Ann"})
    said = texts(fake, GROUP["id"])
    assert said[-1].endswith(t("en", "no_media_rights")), said
