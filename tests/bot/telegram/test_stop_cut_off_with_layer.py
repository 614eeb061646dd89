"""A stop cuts off, after its wait, the updates the command layer had taken as well. They were
left to the layer, which said nothing: a painting whose upload was cut off (the queue had handed
it over, journaled delivered: the restart does not deliver it again), a second message waiting
its turn behind an earlier one, a button's tap were lost without a word. Each is told to send it
again now (busy_restarting, once, in its user's language); one whose painting the journal holds
over for the next start (layer.held_over) is told nothing: it is delivered after the restart."""
from __future__ import annotations

import asyncio

import pytest

from bot import telegram_bot
from bot.commands import CommandLayer
from bot.messages import t
from engine.jobs import JobResult
from engine.queue.journal import Journal
from engine.queue.process import ProcessQueue

from tests.bot.conftest import FakeQueue, make_photo
from tests.bot.telegram.test_stop_during_download import MARGIN_S, said
from tests.bot.telegram.test_telegram import (ANN, GROUP, MINSU, PRIVATE_ANN, PRIVATE_MINSU, photo_sizes,
                                               start_frontend)
from tests.bot.test_held_over_at_stop import JournaledWaitingQueue
from tests.queue.test_admission import no_workers

WAIT_S = 30.0
LIMIT_S = 1.0       # the stop's wait for handlers (HANDLERS_STOP_WAIT_S: 6 s): each test outlasts it whatever it is
USERS = [(ANN, PRIVATE_ANN, "en"), (MINSU, PRIVATE_MINSU, "ko")]


@pytest.fixture(autouse=True)
def short_wait(monkeypatch):
    monkeypatch.setattr(telegram_bot, "HANDLERS_STOP_WAIT_S", LIMIT_S)
    monkeypatch.setattr(telegram_bot, "ALBUM_WAIT_S", 0.3)     # an album's photos are pushed at once


@pytest.fixture
async def journaled(tmp_path):
    """A queue with a journal and no workers: its jobs wait until the test paints them (_finish,
    as a worker's result comes back)."""
    queue = ProcessQueue(no_workers(tmp_path))
    await queue.start()
    yield queue
    await queue.stop()


def told(fake) -> list[tuple[str, int, str, int | None]]:
    return [s for s in said(fake) if s[2] in (t("en", "busy_restarting"), t("ko", "busy_restarting"))]


async def photo_queued(fake, queue, user: dict, chat: dict, key: str) -> tuple[dict, str]:
    """A user's photo with "/style gogh", its job in ``queue`` and its progress line sent."""
    msg = fake.message(user, chat, photo=photo_sizes(fake, key, make_photo(128, 96)), caption="/style gogh")
    fake.push("message", msg)
    await fake.wait_for(lambda: queue.jobs and fake.sent("sendMessage", chat["id"]), timeout=WAIT_S)
    [job_id] = queue.jobs
    return msg, job_id


@pytest.mark.parametrize("user, chat, lang", USERS)
async def test_a_painting_whose_upload_is_cut_off_is_told(user, chat, lang, settings, store, journaled):
    layer = CommandLayer(settings, store, journaled)
    fake, frontend = await start_frontend(layer, settings)
    try:
        msg, job_id = await photo_queued(fake, journaled, user, chat, "up1")
        fake.slow_methods["sendPhoto"] = LIMIT_S + MARGIN_S + 2      # an upload outlasting the stop's wait
        journaled._finish(job_id, JobResult(job_id, True, image=make_photo(128, 96), seconds=0.1))
        await fake.wait_for(lambda: "sendPhoto" in fake.started, timeout=WAIT_S)
        await journaled.stop()           # the bot's order: the queue, then the front-ends
        await frontend.stop()
    finally:
        await fake.stop()
    assert told(fake) == [("sendMessage", chat["id"], t(lang, "busy_restarting"), msg["message_id"])]
    # handed over, it was journaled delivered: the restart would not deliver it again
    assert Journal(journaled.settings.queue_db).undelivered() == []


async def test_a_painting_held_over_by_the_journal_is_not_told(settings, store, journaled):
    """Cut off while it waits in the queue: the journal paints and delivers it after the restart,
    and "send it again" would have it painted twice."""
    layer = CommandLayer(settings, store, journaled)
    fake, frontend = await start_frontend(layer, settings)
    try:
        _, job_id = await photo_queued(fake, journaled, ANN, PRIVATE_ANN, "held1")
        await frontend.stop()            # (its wait goes on past the queue's stop: cut off here)
    finally:
        await fake.stop()
    await journaled.stop()
    assert told(fake) == []
    assert [job.id for job, _, _ in Journal(journaled.settings.queue_db).undelivered()] == [job_id]


class SlowFirstSubmit(FakeQueue):
    """A queue slow to take a user's first painting (its journal write waiting for a lock)."""

    async def submit(self, job):
        if not self.jobs:
            self.jobs.append(job)
            await asyncio.sleep(3600)
        return await super().submit(job)


@pytest.mark.parametrize("user, chat, lang", [*USERS, (MINSU, GROUP, "ko")])
async def test_a_message_waiting_its_turn_behind_an_earlier_one_is_told(user, chat, lang, settings, store):
    layer = CommandLayer(settings, store, SlowFirstSubmit())
    fake, frontend = await start_frontend(layer, settings)
    try:
        first = fake.message(user, chat, photo=photo_sizes(fake, "turn1", make_photo(128, 96)), caption="/style gogh")
        fake.push("message", first)
        await fake.wait_for(lambda: layer.queue.jobs, timeout=WAIT_S)
        second = fake.message(user, chat, text="/style monet")      # paints that photo: waits for it
        fake.push("message", second)
        await fake.wait_for(lambda: len(frontend._with_layer) == 2, timeout=WAIT_S)
        await frontend.stop()
    finally:
        await fake.stop()
    assert sorted(told(fake), key=lambda s: s[3]) == [
        ("sendMessage", chat["id"], t(lang, "busy_restarting"), first["message_id"]),
        ("sendMessage", chat["id"], t(lang, "busy_restarting"), second["message_id"])]
    assert len(layer.queue.jobs) == 1


def tap(fake, user: dict, chat: dict, data: str) -> dict:
    """A tap on a button under a message of the bot's in ``chat``; that message."""
    under = fake._reply({"chat_id": chat["id"]}, text=t("en", "pick_artist"),
                        reply_markup={"inline_keyboard": [[{"text": "Gogh", "callback_data": data}]]})
    fake.push("callback_query", {"id": f"cb{len(fake.calls)}", "from": user, "chat_instance": "ci", "data": data,
                                 "message": under})
    return under


@pytest.mark.parametrize("user, chat, lang", [*USERS, (MINSU, GROUP, "ko")])
async def test_a_tap_cut_off_with_the_layer_is_answered_under_its_message(user, chat, lang, settings, layer,
                                                                          monkeypatch):
    taken = asyncio.Event()

    async def slow_handle(req, out):
        taken.set()
        await asyncio.sleep(3600)
    monkeypatch.setattr(layer, "handle", slow_handle)
    fake, frontend = await start_frontend(layer, settings)
    try:
        under = tap(fake, user, chat, "/pick")
        await asyncio.wait_for(taken.wait(), WAIT_S)
        await frontend.stop()
    finally:
        await fake.stop()
    assert told(fake) == [("sendMessage", chat["id"], t(lang, "busy_restarting"), under["message_id"])]


@pytest.mark.parametrize("user, chat, lang", USERS)
async def test_a_tap_cut_off_before_the_layer_is_answered_too(user, chat, lang, settings, layer):
    fake, frontend = await start_frontend(layer, settings)
    try:
        fake.slow_methods["answerCallbackQuery"] = LIMIT_S + MARGIN_S + 2
        under = tap(fake, user, chat, "/style gogh")
        await fake.wait_for(lambda: "answerCallbackQuery" in fake.started, timeout=WAIT_S)
        await frontend.stop()
    finally:
        await fake.stop()
    assert told(fake) == [("sendMessage", chat["id"], t(lang, "busy_restarting"), under["message_id"])]


@pytest.mark.parametrize("photos, key, params", [(2, "album_last_restarting", {"n": 1}),
                                                 (3, "album_rest_restarting", {"n": 1, "first": 2, "count": 3})])
@pytest.mark.parametrize("user, chat, lang", USERS)
async def test_an_album_cut_off_after_a_photo_held_over_is_told_only_the_rest(photos, key, params, user, chat, lang,
                                                                             settings, store):
    """Its first photo is held over (painted after the restart); "send it again" had it painted
    twice, and not a word lost the others. Told which photos to send again, answering the album."""
    queue = JournaledWaitingQueue()
    layer = CommandLayer(settings, store, queue)
    fake, frontend = await start_frontend(layer, settings)
    try:
        msgs = [fake.message(user, chat, photo=photo_sizes(fake, f"ho{i}", make_photo(96, 96, seed=i)),
                             media_group_id="held_album", **({"caption": "/style gogh"} if i == 0 else {}))
                for i in range(photos)]
        for msg in msgs:
            fake.push("message", msg)
        await asyncio.wait_for(queue.waiting.wait(), WAIT_S)
        await frontend.stop()
    finally:
        await fake.stop()
    rest = t(lang, key, **params)
    assert [s for s in said(fake) if s[2] in (rest, t(lang, "busy_restarting"))] == [
        ("sendMessage", chat["id"], rest, msgs[0]["message_id"])]
    assert len(queue.jobs) == 1


async def test_a_photo_dropped_by_forgetme_then_cut_off_gets_no_word(settings, layer, fake_queue):
    """A photo still downloading as its user confirms /forgetme ("Done: I deleted ..."): the
    layer drops it once downloaded. Cut off by the stop meanwhile, it was told "send it again"."""
    fake, frontend = await start_frontend(layer, settings)
    try:
        fake.slow_files["gone1"] = LIMIT_S + MARGIN_S + 2
        fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "gone1", make_photo(128, 96)),
                                          caption="/style gogh"))
        await fake.wait_for(lambda: any(d.endswith("/gone1") for d in fake.downloads), timeout=WAIT_S)
        fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/forgetme yes"))
        await fake.wait_for(lambda: (PRIVATE_ANN["id"], t("en", "forgot")) in
                            [(s[1], s[2]) for s in said(fake)], timeout=WAIT_S)
        assert frontend.handling.handling      # the download still under way
        await frontend.stop()
    finally:
        await fake.stop()
    assert told(fake) == []
    assert not fake_queue.jobs


async def test_a_layer_failing_to_say_what_it_kept_neither_stops_the_stop_nor_loses_the_word(settings, layer,
                                                                                              monkeypatch):
    taken = asyncio.Event()

    async def slow_handle(req, out):
        taken.set()
        await asyncio.sleep(3600)

    def unreadable(req):
        raise RuntimeError("the record is unreadable")
    monkeypatch.setattr(layer, "handle", slow_handle)
    monkeypatch.setattr(layer, "held_over", unreadable)
    fake, frontend = await start_frontend(layer, settings)
    try:
        msg = fake.message(ANN, PRIVATE_ANN, text="/style gogh")
        fake.push("message", msg)
        await asyncio.wait_for(taken.wait(), WAIT_S)
        await frontend.stop()
        closed = not frontend.app.running
    finally:
        await fake.stop()
    assert closed
    assert told(fake) == [("sendMessage", PRIVATE_ANN["id"], t("en", "busy_restarting"), msg["message_id"])]
