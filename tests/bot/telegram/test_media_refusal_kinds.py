"""A group's refusals of the bot's pictures, as photos or as files, are told apart: one that takes
photos and not files is refused up front nothing but what would be refused."""
from __future__ import annotations

from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, GROUP, photo_sizes
from tests.bot.telegram.test_media_refused_memory import WAIT_S, said

recorded = test_telegram.recorded

REFUSED = t("en", "no_media_rights")


def refuse_documents(fake) -> None:
    fake.refuse["sendDocument"] = (400, "Bad Request: not enough rights to send documents to the chat")


async def paint(fake, key: str, w: int = 96, h: int = 72) -> None:
    fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, key, make_photo(w, h)),
                                      caption="/style gogh"))


async def test_a_strip_refused_as_a_file_does_not_block_paintings_sent_as_photos(recorded, fake_queue):
    """The group lets the bot post photos, not files: a strip painting (21:1, sent as a file) was
    refused, and then every painting there was refused up front for 10 minutes ("not allowed to
    post pictures", no job), though a photo would have gone through."""
    fake = recorded
    refuse_documents(fake)
    await paint(fake, "st1", 840, 40)
    await fake.wait_for(lambda: said(fake, REFUSED) == 1, timeout=WAIT_S)
    assert not fake.sent("sendPhoto", GROUP["id"])
    await paint(fake, "st2")
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", GROUP["id"])) == 1, timeout=WAIT_S)
    assert len(fake_queue.jobs) == 2
    assert said(fake, REFUSED) == 1
