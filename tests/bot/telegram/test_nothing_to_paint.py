"""A location, a contact, a poll sent to the bot: nothing to paint. In a private chat they got no
answer at all (no handler took them); now they are answered as text is, in the user's language.
In a group, where they are the members' own talk, nothing is said."""
from __future__ import annotations

import pytest

from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.fake_telegram import BOT_USERNAME
from tests.bot.telegram.test_telegram import ANN, GROUP, PRIVATE_ANN
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 20.0
POLL = {"id": "p1", "question": "Which one?", "options": [{"text": "a", "voter_count": 0, "persistent_id": "o1"},
                                                  {"text": "b", "voter_count": 0, "persistent_id": "o2"}],
        "total_voter_count": 0, "is_closed": False, "is_anonymous": True, "type": "regular",
        "allows_multiple_answers": False, "allows_revoting": False, "members_only": False}
SENT = {"location": {"location": {"latitude": 37.56, "longitude": 126.97}},
        "contact": {"contact": {"phone_number": "+8210", "first_name": "Bob"}},
        "poll": {"poll": POLL}}


@pytest.mark.parametrize("kind", sorted(SENT))
async def test_something_with_nothing_to_paint_is_answered_in_a_private_chat(recorded, kind):
    fake = recorded
    fake.push("message", fake.message(ANN, PRIVATE_ANN, **SENT[kind]))
    await fake.wait_for(lambda: fake.handled, timeout=WAIT_S)
    assert texts(fake, PRIVATE_ANN["id"]) == [t("en", "text_hint")]


async def test_it_is_answered_in_korean_after_lang_ko(recorded):
    fake = recorded
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/lang ko"))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, **SENT["location"]))
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)
    assert texts(fake, PRIVATE_ANN["id"])[-1] == t("ko", "text_hint")


async def test_a_location_in_a_group_gets_nothing(recorded):
    fake = recorded
    fake.push("message", fake.message(ANN, GROUP, **SENT["location"]))
    # answered: the location was passed by
    fake.push("message", fake.message(ANN, GROUP, text=f"/status@{BOT_USERNAME}"))
    await fake.wait_for(lambda: texts(fake, GROUP["id"]), timeout=WAIT_S)
    assert len(texts(fake, GROUP["id"])) == 1 and len(fake.requests) == 1
