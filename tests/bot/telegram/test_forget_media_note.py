"""/forgetme clears the Telegram front-end's own quiet slot of the "may not post pictures" note,
as the command layer clears its own (a refusal said once a burst is said again after it)."""
from __future__ import annotations

from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, GROUP, PRIVATE_ANN, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 20.0


async def test_forgetme_lets_the_no_pictures_note_be_said_again(recorded, fake_queue):
    """A group that refuses the bot's pictures: a photo for the bot there is told at once that an
    admin has to allow pictures, said once in 10 s to a user. After the user's /forgetme that
    slot stayed, and their next photo there within the 10 s got nothing at all; the layer's own
    quiet slots were cleared. Now it is said again, as the layer's refusals are."""
    fake = recorded
    for kind in ("photo", "document"):
        fake.frontend.refused[kind].note(GROUP["id"])

    def notes() -> int:
        return texts(fake, GROUP["id"]).count(t("en", "no_media_rights"))

    def photo(key: str) -> None:
        fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, key, make_photo(seed=len(key))),
                                          caption="/style gogh"))
    photo("fm1")
    await fake.wait_for(lambda: notes() == 1, timeout=WAIT_S)
    photo("fm22")                       # within the 10 s: not said again
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/forgetme yes"))
    await fake.wait_for(lambda: t("en", "forgot") in texts(fake, PRIVATE_ANN["id"]), timeout=WAIT_S)
    assert notes() == 1
    photo("fm333")
    await fake.wait_for(lambda: notes() == 2, timeout=5.0)
    assert not fake_queue.jobs
