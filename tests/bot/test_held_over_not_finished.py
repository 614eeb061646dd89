"""A bot stopping while a painting was under way (its wait cancelled: the queue's stop, the
shutdown) logged "job X finished: … no_result" and wrote a failed history row, which `python -m
bot usage` counted as failed until the resumed job replaced it. With a queue that keeps a
journal (it has ``note``: the job is painted or delivered after the next start) the job is said
held over instead, and no row is written; the resumed job records its real outcome. A queue
without a journal loses the job with the stop: its row and line stay as they were."""
from __future__ import annotations

import asyncio
import logging

import pytest

from bot.commands import CommandLayer

from tests.bot.conftest import FakeQueue, Recorder
from tests.bot.test_commands import req


class StoppingQueue(FakeQueue):
    """A queue whose wait is cut by the bot's stop, as ScheduledQueue.stop cancels its waiters."""

    async def wait(self, job_id, on_status=None):
        raise asyncio.CancelledError


class JournaledStoppingQueue(StoppingQueue):
    def note(self, job_id, **fields):        # a queue with a journal (ScheduledQueue.note)
        pass


async def paint_through_a_stop(settings, store, queue, photo):
    layer = CommandLayer(settings, store, queue)
    with pytest.raises(asyncio.CancelledError):
        await layer.handle(req("/style gogh", images=[photo]), Recorder())
    return store.jobs_of("tg:1")


async def test_a_journaled_job_cut_by_a_stop_is_held_over_not_finished(settings, store, photo, caplog):
    caplog.set_level(logging.INFO, logger="bot")
    rows = await paint_through_a_stop(settings, store, JournaledStoppingQueue(), photo)
    assert rows == [], rows
    lines = [r.getMessage() for r in caplog.records]
    assert not [line for line in lines if "finished" in line], lines
    assert [line for line in lines if "held over" in line], lines


async def test_without_a_journal_the_cut_job_is_recorded_as_before(settings, store, photo):
    rows = await paint_through_a_stop(settings, store, StoppingQueue(), photo)
    assert len(rows) == 1 and not rows[0]["ok"], rows
