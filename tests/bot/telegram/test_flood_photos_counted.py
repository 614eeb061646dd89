"""A flood of photos past the user's limits: the limit's refusal is said once a burst (no flood
of replies), and the ~20 photos refused after it got no word at all, so the user could not tell
which to send again. That one refusal is now edited to say how many photos were not taken
(bot/refused_photos.py), once, as the burst ends."""
from __future__ import annotations

import pytest

from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, PRIVATE_ANN, photo_sizes

recorded = test_telegram.recorded
WAIT_S = 30.0
PHOTOS, PAINTED = 8, 2


def refusal_edits(fake, first: str) -> tuple[list[str], list[str]]:
    """The messages sent starting with ``first`` (the refusal), and the edits of the first of them."""
    sent = [p["text"] for p, _ in fake.sent("sendMessage", 1) if p["text"].startswith(first)]
    ids = sorted(k for k, m in fake.bot_messages.items() if m.get("text") in sent[:1])
    edits = [p["text"] for p, _ in fake.sent("editMessageText", 1) if ids and p["message_id"] == ids[0]]
    return sent, edits


@pytest.mark.parametrize("lang, limit", [("en", "rate"), ("ko", "rate"), ("en", "pending")])
async def test_the_one_refusal_of_a_flood_counts_the_photos_not_taken(recorded, fake_queue, layer, settings,
                                                                      lang, limit):
    if limit == "rate":
        layer.limiter.jobs = settings.RATE_LIMIT_JOBS = PAINTED
        first = t(lang, "rate_limited", seconds=60).split("60")[0]
    else:
        settings.MAX_PENDING_PER_USER = PAINTED
        first = t(lang, "too_many_pending", count=PAINTED)
    fake_queue.delay = 30.0             # the paintings stay in progress while the flood comes (finish_now)
    fake = recorded
    user = dict(ANN, language_code=lang)
    for i in range(PHOTOS):
        fake.push("message", fake.message(user, PRIVATE_ANN, caption="/style gogh",
                                          photo=photo_sizes(fake, f"flood{i}", make_photo(128, 96, seed=i + 1))))
    await fake.wait_for(lambda: len(fake.handled) == PHOTOS - PAINTED, timeout=WAIT_S)   # each refused
    fake_queue.finish_now()
    await fake.wait_for(lambda: len(fake.handled) == PHOTOS, timeout=WAIT_S)
    assert len(fake_queue.jobs) == PAINTED
    whole = t(lang, "photos_not_taken", count=PHOTOS - PAINTED)
    await fake.wait_for(lambda: any(whole in e for e in refusal_edits(fake, first)[1]), timeout=WAIT_S)
    sent, edits = refusal_edits(fake, first)
    assert len(sent) == 1, sent                              # still one message for the burst
    assert edits[-1].startswith(first) and edits[-1].endswith(whole), edits
    assert len(edits) == 1, edits           # once the burst is over: not an edit per photo, nor one a second


async def test_a_single_refusal_is_not_edited(recorded, fake_queue, layer, settings):
    """One photo over the limit: its refusal as before, nothing counted."""
    layer.limiter.jobs = settings.RATE_LIMIT_JOBS = 1
    fake = recorded
    for i in range(2):
        fake.push("message", fake.message(ANN, PRIVATE_ANN, caption="/style gogh",
                                          photo=photo_sizes(fake, f"one{i}", make_photo(128, 96, seed=i + 1))))
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)
    first = t("en", "rate_limited", seconds=60).split("60")[0]
    sent, edits = refusal_edits(fake, first)
    assert len(sent) == 1 and edits == []
