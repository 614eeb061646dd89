"""A group refusing the bot's pictures AND its text, whose minute's probe is due (PROBE_AFTER_S
since the refusal): a photo being checked up front (the rights asked of Telegram) as its sender's
"/forgetme yes" deletes was still taken as the probe (_try_again): it went on to the layer, which
dropped it (it came before the /forgetme), so nothing was sent to find out whether the rights
were back, and the next photo, a minute long, was dropped up front unsaid. 58db8de kept such a
request from the probe only where the group's text was allowed."""
from __future__ import annotations

from bot.messages import t
from bot.telegram_bot import PROBE_AFTER_S

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, GROUP, PRIVATE_ANN, photo_sizes
from tests.bot.telegram.test_forget_refused_photo import checked_as_forgetme_deletes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 20.0
KINDS = ("photo", "document", "text")


async def test_a_forgotten_photo_is_not_the_probe_where_text_is_refused_too(recorded, fake_queue):
    fake = recorded
    frontend = fake.frontend
    chat = GROUP["id"]
    for kind in KINDS:
        frontend.refused[kind].note(chat)
        frontend.refused[kind]._tried[chat] -= PROBE_AFTER_S + 1      # the minute's probe is due
    said = await checked_as_forgetme_deletes(fake, "fpk1", seed=5)
    assert said == [True], "dropped up front, as the layer would"
    assert all(frontend.refused[kind].due(chat) for kind in KINDS), "the minute's probe was spent on it"
    assert not fake_queue.jobs
    assert texts(fake, chat) == []


async def test_a_photo_after_the_forgetme_is_the_probe(recorded, fake_queue):
    """A guard: the user's photo sent after their /forgetme is theirs anew, and goes through as
    the minute's probe (painted, to find out whether the rights are back)."""
    fake = recorded
    frontend = fake.frontend
    chat = GROUP["id"]
    for kind in KINDS:
        frontend.refused[kind].note(chat)
        frontend.refused[kind]._tried[chat] -= PROBE_AFTER_S + 1
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/forgetme yes"))
    await fake.wait_for(lambda: t("en", "forgot") in texts(fake, PRIVATE_ANN["id"]), timeout=WAIT_S)
    fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, "fpk2", make_photo(seed=6)),
                                      caption="/style gogh"))
    await fake.wait_for(lambda: fake_queue.jobs, timeout=WAIT_S)
    assert not frontend.refused["photo"].due(chat)
