"""A late photo of an album (media group): the album's command is kept for ALBUM_LATE_S only,
and not taken after the user's /cancel of the album."""
from __future__ import annotations

from bot import telegram_bot
from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, PRIVATE_ANN, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 20.0


def commands_kept(fake) -> list:
    return [album for album in fake.frontend._recent_albums.values() if album["handled"]]


def album(fake, group: str, photos: list[bytes], caption: str | None = "/style gogh") -> None:
    for i, photo in enumerate(photos):
        fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, f"{group}{i}", photo),
                                          media_group_id=group, **({"caption": caption} if i == 0 and caption else {})))


async def test_an_albums_command_is_forgotten_after_album_late_s(recorded, fake_queue, monkeypatch):
    """The album's caption was kept until 500 more albums came: on a quiet bot, for good. Now it
    is dropped once a late photo can no longer take it. (ALBUM_LATE_S is made short here.)"""
    monkeypatch.setattr(telegram_bot, "ALBUM_LATE_S", 3.0)
    fake = recorded
    album(fake, "exp", [make_photo(96, 72, seed=s) for s in (1, 2)])
    await fake.wait_for(lambda: commands_kept(fake), timeout=WAIT_S)   # kept for a late photo meanwhile
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    await fake.wait_for(lambda: not fake.frontend._recent_albums, timeout=10.0)


async def test_a_late_photo_after_the_albums_cancel_is_not_painted(recorded, fake_queue):
    """The album was being painted, the user sent /cancel, then the album's last photo came
    (a slow upload): it was painted as the album asked, after the /cancel. Now it is dropped,
    silently, as the album's other photos stopped by the /cancel are."""
    fake = recorded
    photos = [make_photo(96, 72, seed=s) for s in (1, 2, 3)]
    fake_queue.delay = 3.0
    album(fake, "can", photos[:2])
    await fake.wait_for(lambda: len(fake_queue.jobs) == 1, timeout=WAIT_S)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/cancel"))
    await fake.wait_for(lambda: any(r.text == "/cancel" for r in fake.handled), timeout=WAIT_S)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "can2", photos[2]),
                                      media_group_id="can"))
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/size small"))
    # "/size" waits for the photo sent before it: taken to the queue, or dropped
    await fake.wait_for(lambda: any(r.text == "/size small" for r in fake.handled), timeout=WAIT_S)
    assert [job.image for job in fake_queue.jobs] == photos[:1]
    assert t("en", "pick_artist") not in texts(fake, PRIVATE_ANN["id"])
    await fake.wait_for(lambda: len(fake.handled) == 3, timeout=WAIT_S)    # the album's painting ends


async def test_a_late_photo_of_an_album_cancelled_before_it_was_handled_goes_as_before(recorded, fake_queue):
    """A /cancel when the album's painting is over cancels nothing of it: a late photo coming
    after it is still painted as the album asked. (A guard: it passed before too.)"""
    fake = recorded
    photos = [make_photo(96, 72, seed=s) for s in (1, 2, 3)]
    album(fake, "old", photos[:2])
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/cancel"))
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "old2", photos[2]),
                                      media_group_id="old"))
    await fake.wait_for(lambda: len(fake.handled) == 3, timeout=WAIT_S)
    assert [job.image for job in fake_queue.jobs] == photos
