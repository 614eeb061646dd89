"""A Telegram /forgetme and the user's albums still taking photos (review of c71c239): an album sent
before it takes no photo more, however many albums others sent meanwhile; and another user's album
in the same group is not touched by it."""
from __future__ import annotations

import pytest

from bot import layer_timing, telegram_bot
from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.fake_telegram import BOT_USERNAME
from tests.bot.telegram.test_forgetme import USER, WAIT_S, answered, forgot, nothing_kept
from tests.bot.telegram.test_telegram import ANN, GROUP, MINSU, PRIVATE_ANN, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded
OTHER_ALBUMS = 500          # the albums' numbers were kept for the newest 500 only


def anns_under_way(frontend) -> bool:
    return any(m.from_user.id == ANN["id"] for album in frontend._albums.values() for m in album["messages"]) or \
        any(user == USER for user, _, _ in frontend._fetching.values()) or \
        any(e.user == USER for e in frontend.layer._in_flight.values())


@pytest.mark.slow
async def test_a_late_photo_of_an_album_from_before_forgetme_is_dropped_after_500_other_albums(
        recorded, fake_queue, monkeypatch):
    """Ann's album, painted; 500 albums of others come (a busy bot: OTHER_ALBUMS) within the
    minutes a late photo still takes its album's command (ALBUM_LATE_S); "/forgetme yes"; then the
    album's last photo, uploaded slowly. The albums' numbers were kept for the newest 500 only:
    Ann's was gone, her /forgetme did not mark it, and the photo was kept and offered the artist
    buttons after "Done: I deleted ...". They are kept for the late photo's minutes now."""
    fake = recorded
    frontend = fake.frontend
    monkeypatch.setattr(telegram_bot, "ALBUM_WAIT_S", 0.3)
    for i in range(2):
        fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, f"rk{i}", make_photo(seed=i)),
                                          media_group_id="rfe_ann", **({"caption": "/style gogh"} if i == 0 else {})))
    await fake.wait_for(lambda: len(fake_queue.jobs) == 2, timeout=WAIT_S)
    # others' albums, still gathered (their flush far off: none of them is painted meanwhile)
    monkeypatch.setattr(telegram_bot, "ALBUM_WAIT_S", 600.0)
    others = photo_sizes(fake, "rk_other", make_photo(seed=9))
    for i in range(OTHER_ALBUMS):
        fake.push("message", fake.message(MINSU, GROUP, photo=others, media_group_id=f"rfe_other{i}"))
    try:
        await fake.wait_for(lambda: len(frontend._albums) == OTHER_ALBUMS, timeout=60)
        monkeypatch.setattr(telegram_bot, "ALBUM_WAIT_S", 0.3)
        await answered(fake, "/forgetme yes")
        assert forgot(fake)
        fake_queue.jobs.clear()                              # (the album's own, from before)
        fake.calls.clear()
        fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "rk2", make_photo(seed=2)),
                                          media_group_id="rfe_ann"))
        await answered(fake, "/help")
        await fake.wait_for(lambda: not anns_under_way(frontend), timeout=WAIT_S)
        nothing_kept(fake, fake_queue, PRIVATE_ANN)
    finally:
        for album in frontend._albums.values():             # (the others' flushes, far off)
            if album["task"]:
                album["task"].cancel()


async def test_forgetme_in_a_group_leaves_another_users_album_there_as_it_is(recorded, fake_queue, monkeypatch):
    """Minsu's album in the group is still gathered as Ann's "/forgetme yes" (there too) deletes
    hers: his is painted as its caption asks, and so is its late photo."""
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 0.3)
    monkeypatch.setattr(telegram_bot, "ALBUM_WAIT_S", 2.0)
    fake = recorded
    frontend = fake.frontend
    photos = [make_photo(seed=s) for s in range(3)]
    for i in range(2):
        fake.push("message", fake.message(MINSU, GROUP, photo=photo_sizes(fake, f"rm{i}", photos[i]),
                                          media_group_id="rfe_minsu", **({"caption": "/style gogh"} if i == 0
                                                                         else {})))
    await fake.wait_for(lambda: frontend._albums, timeout=WAIT_S)
    fake.push("message", fake.message(ANN, GROUP, text=f"/forgetme@{BOT_USERNAME} yes"))
    await fake.wait_for(lambda: t("en", "forgot") in texts(fake, GROUP["id"]), timeout=WAIT_S)
    assert frontend._albums, "the album was flushed before the /forgetme (make ALBUM_WAIT_S longer)"
    await fake.wait_for(lambda: len(fake_queue.jobs) == 2, timeout=WAIT_S)
    fake.push("message", fake.message(MINSU, GROUP, photo=photo_sizes(fake, "rm2", photos[2]),
                                      media_group_id="rfe_minsu"))
    await fake.wait_for(lambda: len(fake_queue.jobs) == 3, timeout=WAIT_S)
    assert [job.image for job in fake_queue.jobs] == photos
