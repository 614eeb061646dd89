"""An album in a group where the bot may not post pictures: one refusal, and the rest not painted."""
from __future__ import annotations

from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, GROUP, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 20.0


async def test_an_album_where_pictures_are_refused_stops_at_the_first(recorded, fake_queue):
    """Three photos captioned "/style gogh" where the bot may not post pictures: each was painted
    and refused, and the chat read "Photo i of 3: I am not allowed to post pictures…" three times.
    Now the refusal is said once and the album's other photos are not painted, as when a limit
    stops an album."""
    fake = recorded
    fake.refuse["sendPhoto"] = (400, "Bad Request: not enough rights to send photos to the chat")
    fake.refuse["sendDocument"] = (400, "Bad Request: not enough rights to send documents to the chat")
    for i in range(3):
        fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, f"amr{i}", make_photo(96, 72, seed=i)),
                                          media_group_id="amr", **({"caption": "/style gogh"} if i == 0 else {})))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    said = [text for text in texts(fake, GROUP["id"]) if t("en", "no_media_rights") in text]
    assert len(said) == 1, texts(fake, GROUP["id"])
    assert len(fake_queue.jobs) == 1
