"""Review of the one-record-per-album change (5513d00): the records go however the loop's timers
fire, and by one timer, not one per photo."""
from __future__ import annotations

import asyncio

from bot import telegram_bot

from . import test_telegram
from .conftest import make_photo
from .test_telegram import ANN, PRIVATE_ANN, photo_sizes

recorded = test_telegram.recorded

WAIT_S = 20.0


def album_photo(fake, group: str, i: int, photo: bytes, caption: str | None = None) -> None:
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, f"{group}{i}", photo),
                                      media_group_id=group, **({"caption": caption} if caption else {})))


async def test_an_albums_record_goes_on_a_quiet_bot_where_timers_fire_early(recorded, fake_queue, monkeypatch):
    """An event loop runs a timer up to its clock's resolution early (Windows': 15.6 ms). The
    record's timer then found it not yet past its time, kept it, and no other timer came: on a
    quiet bot the album's caption was kept for good. (The resolution is made coarse here.)"""
    monkeypatch.setattr(telegram_bot, "ALBUM_WAIT_S", 0.3)
    monkeypatch.setattr(telegram_bot, "ALBUM_LATE_S", 1.0)
    monkeypatch.setattr(asyncio.get_running_loop(), "_clock_resolution", 0.2)
    fake = recorded
    album_photo(fake, "rtg_quiet", 0, make_photo(96, 72, seed=1), caption="/style gogh")
    album_photo(fake, "rtg_quiet", 1, make_photo(96, 72, seed=2))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    assert fake.frontend._recent_albums

    async def busy():               # the loop wakes often (other chats' updates): timers run early
        while True:
            await asyncio.sleep(0.01)

    ticking = asyncio.create_task(busy())
    try:
        await fake.wait_for(lambda: not fake.frontend._recent_albums, timeout=5.0)
    finally:
        ticking.cancel()



def timers_of(frontend) -> list:
    """The loop's timers still to run a method of ``frontend``'s."""
    return [h for h in asyncio.get_running_loop()._scheduled
            if not h.cancelled() and getattr(h._callback, "__self__", None) is frontend]


async def test_many_albums_leave_one_timer_not_one_a_photo(recorded, fake_queue, monkeypatch):
    """Each photo of an album set a timer for ALBUM_LATE_S (300 s), and each album's handling one
    more: a flood of albums left a timer per photo, however few records the cap kept."""
    monkeypatch.setattr(telegram_bot, "ALBUM_WAIT_S", 0.3)
    fake = recorded
    for group in range(5):
        for i in range(3):
            album_photo(fake, f"rtg_many{group}_", i, make_photo(96, 72, seed=i), caption="/style gogh" if i == 0 else None)
    await fake.wait_for(lambda: len(fake.handled) == 5, timeout=WAIT_S)
    assert len(fake.frontend._recent_albums) == 5
    assert len(timers_of(fake.frontend)) == 1
