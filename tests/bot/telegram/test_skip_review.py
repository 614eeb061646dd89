"""After review of skips_download (5aa7e94): a photo refused by the limits as it came was not
downloaded at once, though the user's earlier photo, still downloading, was answered only later,
when a painting had ended and there was room: the photo got "you already have 2 paintings in
progress" with 1, and was lost. And a photo with a mistyped artist ("/gohg") or an unknown
command was taken for a painting: at the limit it read the limit's refusal, not "did you mean"."""
from __future__ import annotations

from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, PRIVATE_ANN, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 30.0


def send(fake, key: str, caption: str | None, seed: int) -> bytes:
    data = make_photo(128, 96, seed=seed)
    fields = {"caption": caption} if caption else {}
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, key, data), **fields))
    return data


async def test_a_photo_refused_as_it_came_waits_for_the_users_earlier_photo_before_it_is_judged(
        recorded, fake_queue, settings):
    settings.MAX_PENDING_PER_USER = 2
    fake_queue.delay = 3.0
    fake = recorded
    send(fake, "w0", "/gogh", 1)
    send(fake, "w1", "/gogh", 2)
    await fake.wait_for(lambda: len(fake_queue.jobs) == 2, timeout=WAIT_S)
    # a photo alone (the artist buttons: no limit asked) still downloading when both paintings
    # have ended, then a painting at the limit as it comes, not when its turn comes
    fake.slow_files["w2"] = 4.0
    send(fake, "w2", None, 3)
    await fake.wait_for(lambda: any(p.endswith("w2") for p in fake.downloads), timeout=WAIT_S)
    last = send(fake, "w3", "/gogh", 4)
    await fake.wait_for(lambda: len(fake.handled) == 4, timeout=WAIT_S)
    await fake.wait_for(lambda: len(fake_queue.jobs) == 3, timeout=WAIT_S)
    assert fake_queue.jobs[-1].image == last
    assert not [x for x in texts(fake, PRIVATE_ANN["id"]) if x.startswith(t("en", "too_many_pending", count=2)[:20])]


async def test_a_mistyped_artist_at_the_limit_is_told_its_mistake(recorded, fake_queue, settings):
    settings.MAX_PENDING_PER_USER = 2
    fake_queue.delay = 4.0
    fake = recorded
    send(fake, "m0", "/gogh", 1)
    send(fake, "m1", "/gogh", 2)
    await fake.wait_for(lambda: len(fake_queue.jobs) == 2, timeout=WAIT_S)
    send(fake, "m2", "/style gohg", 3)
    await fake.wait_for(lambda: len(fake.handled) == 3, timeout=WAIT_S)
    said = texts(fake, PRIVATE_ANN["id"])
    assert any("gohg" in x for x in said), said
