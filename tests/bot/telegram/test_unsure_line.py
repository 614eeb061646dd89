"""A progress line Telegram took though the bot never learned its message id (the connection
dropped after the request went out, or the answer timed out): MaybeDelivered."""
from __future__ import annotations

from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, PRIVATE_ANN, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 20.0


async def test_the_outcome_of_a_line_that_may_have_arrived_comes_as_a_message_of_its_own(recorded, fake_queue):
    """The line was there, at "waiting in line", and stayed so for good above the painting: no
    edit could reach it, and no outcome was said. Now "✅ done" comes as a new message under it;
    the line is not sent again, nor edited."""
    fake = recorded
    fake.dropped["sendMessage"] = 1             # the progress line: taken, its answer lost
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "ul1", make_photo(128, 96)),
                                      caption="/style gogh"))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    said = texts(fake, 1)
    assert len(said) == 2, said
    done = t("en", "done", style="Vincent van Gogh", seconds="{}").split("{}")[0]     # "✅ ...: done in "
    assert said[0].startswith("🎨") and said[1].startswith(done), said
    assert not fake.sent("editMessageText") and len(fake.sent("sendPhoto", 1)) == 1


async def test_a_failure_under_a_line_that_may_have_arrived_is_said_once(recorded, fake_queue):
    """The painting failed: its outcome is said once, in a message of its own."""
    fake = recorded
    fake_queue.error = "engine_error"
    fake.dropped["sendMessage"] = 1
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "ul2", make_photo(128, 96)),
                                      caption="/style gogh"))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    said = texts(fake, 1)
    assert len(said) == 2 and said[0].startswith("🎨") and said[1].startswith("❌"), said
    assert not fake.sent("sendPhoto")
