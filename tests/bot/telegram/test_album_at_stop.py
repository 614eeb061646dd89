"""A stop while an album is still gathered (its flush waiting ALBUM_WAIT_S for more photos, a task
of the front-end's own, not python-telegram-bot's): the stop did not wait for it, and the album
was handled, or not, after the front-end had closed. It is waited for within the stop's limit
(HANDLERS_STOP_WAIT_S), and where cut off its sender is told to send it again."""
from __future__ import annotations

from bot import telegram_bot
from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.telegram.test_stop_during_download import said
from tests.bot.telegram.test_telegram import ANN, PRIVATE_ANN, photo_sizes, start_frontend

LIMIT_S = 2.0


async def send_album(fake, frontend, slow_s: float = 0.0) -> list[dict]:
    """Two photos in one album, "/style gogh"; returned once the front-end is gathering both."""
    msgs = []
    for i in range(2):
        fake.slow_files[f"alb{i}"] = slow_s
        msgs.append(fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, f"alb{i}", make_photo(96, 96, seed=i)),
                                 media_group_id="stopalb", **({"caption": "/style gogh"} if i == 0 else {})))
    for m in msgs:
        fake.push("message", m)
    await fake.wait_for(lambda: sum(len(e["messages"]) for e in frontend._albums.values()) == 2)
    return msgs


async def test_a_stop_waits_for_an_album_still_gathered(layer, settings, fake_queue, monkeypatch):
    monkeypatch.setattr(telegram_bot, "HANDLERS_STOP_WAIT_S", LIMIT_S + 3)
    fake, frontend = await start_frontend(layer, settings)
    try:
        await send_album(fake, frontend)
        await frontend.stop()           # within ALBUM_WAIT_S of its last photo
        jobs_at_stop = len(fake_queue.jobs)
    finally:
        await fake.stop()
    assert jobs_at_stop == 2            # both photos reached the queue before the front-end closed
    assert not any(text == t("en", "busy_restarting") for _, _, text, _ in said(fake))


async def test_an_album_cut_off_by_the_stop_is_told_to_send_again(layer, settings, fake_queue, monkeypatch):
    monkeypatch.setattr(telegram_bot, "HANDLERS_STOP_WAIT_S", LIMIT_S)
    fake, frontend = await start_frontend(layer, settings)
    try:
        msgs = await send_album(fake, frontend, slow_s=LIMIT_S + 6)
        await frontend.stop()
    finally:
        await fake.stop()
    assert not fake_queue.jobs
    # one word, answering the album's first photo (its caption's); nothing else
    assert said(fake) == [("sendMessage", PRIVATE_ANN["id"], t("en", "busy_restarting"), msgs[0]["message_id"])]
