"""The operator's log at a second Ctrl-C (SIGTERM): the signal by its name, not "signal 2 again",
and a last line that says the bot stopped and what the journal keeps for the next start (a stop
now's log ended on "stopping now", never saying it had stopped). QA report s22, finding 6."""
from __future__ import annotations

import asyncio
import logging

import pytest

from bot import stop_signals
from bot.stop_signals import StopSignals, kept_for_next_start, signal_name, stopped_now_line
from bot import log_queue
from bot.log_queue import LogThread
from engine.log_format import ScrubbingFormatter
from tests.bot.test_stop_now_log_flushed import Exited, SlowStream


@pytest.fixture
def log_thread(monkeypatch):
    """The bot's log thread writing to a SlowStream (0.2 s a line), as main() sets it up; three
    lines to write at the exit are given the time for them."""
    stream = SlowStream()
    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    root.handlers, root.level = [logging.StreamHandler(stream)], logging.INFO
    writer = LogThread(ScrubbingFormatter())
    monkeypatch.setattr(log_queue, "_running", writer)
    monkeypatch.setattr(stop_signals, "LOG_FLUSH_S", 2.0)
    try:
        yield stream
    finally:
        writer.stop()
        root.handlers, root.level = saved, level


def test_the_signals_are_named():
    assert signal_name(2) == "SIGINT (Ctrl-C)"
    assert signal_name(15) == "SIGTERM"
    assert signal_name(10_000) == "signal 10000"


class JournaledQueue:
    """A one-host queue as the stop now sees it: a journal, counts, users to tell."""
    journal = object()
    workers = ()

    def __init__(self, running: int, waiting: int) -> None:
        self.counts = {"running": running, "waiting": waiting}

    def status(self) -> dict:
        return dict(self.counts)

    async def tell_cut_off(self) -> None:
        logging.getLogger("bot").info("told the cut-off users")


class MemoryQueue:
    journal = None
    workers = ()

    def status(self) -> dict:
        return {"running": 1, "waiting": 0}


def test_what_the_journals_keep_is_counted_where_known():
    assert kept_for_next_start([JournaledQueue(1, 2), JournaledQueue(0, 1)]) == 4
    assert kept_for_next_start([MemoryQueue()]) is None          # it keeps nothing
    assert kept_for_next_start([]) is None
    assert stopped_now_line(130, None) == "stopped now (exit status 130)"
    assert stopped_now_line(130, 0) == "stopped now (exit status 130)"
    assert stopped_now_line(143, 3) == ("stopped now (exit status 143); 3 unfinished job(s) kept in the journal for "
                                        "the next start")


async def test_a_stop_now_names_its_signal_and_ends_on_a_stopped_line(log_thread, monkeypatch):
    written_at_exit: list[str] = []
    exited = asyncio.Event()
    loop = asyncio.get_running_loop()

    def exit_(status: int):        # (returns: the timer's later call, on its thread, finds it done)
        if not written_at_exit:
            written_at_exit.append(log_thread.text())
            loop.call_soon_threadsafe(exited.set)

    monkeypatch.setattr(stop_signals.os, "_exit", exit_)
    signals = StopSignals(asyncio.Event())
    signals.kill_workers_at_stop_now(JournaledQueue(running=1, waiting=2))
    signals(15)
    signals(15)
    await asyncio.wait_for(exited.wait(), 5)
    lines = written_at_exit[0].strip().splitlines()
    assert "WARNING bot: SIGTERM again: stopping now; the painting(s) under way stay in the journal" in lines[0], lines
    assert "signal 15" not in written_at_exit[0]
    assert lines[-1].endswith("WARNING bot: stopped now (exit status 143); 3 unfinished job(s) kept in the "
                              "journal for the next start"), lines      # the last, after the users were told
    assert "told the cut-off users" in lines[-2], lines


def test_a_stop_now_before_any_queue_ends_on_a_stopped_line_too(log_thread, monkeypatch):
    written_at_exit: list[str] = []

    def exit_(status: int):
        written_at_exit.append(log_thread.text())
        raise Exited(status)

    monkeypatch.setattr(stop_signals.os, "_exit", exit_)
    signals = StopSignals(asyncio.Event())
    signals(2)
    with pytest.raises(Exited):
        signals(2)
    lines = written_at_exit[0].strip().splitlines()
    assert lines[0].endswith("WARNING bot: SIGINT (Ctrl-C) again: stopping now"), lines
    assert lines[-1].endswith("WARNING bot: stopped now (exit status 130)"), lines


def test_the_stopped_line_is_said_once_by_whichever_exit_comes_first(caplog):
    """The loop's exit (the cut-off users told) and the timer's (a loop too busy) may both come,
    on two threads: the process ends at the first, its last line said once."""
    caplog.set_level(logging.WARNING, logger="bot")
    signals = StopSignals(asyncio.Event())
    signals.kept = 2
    ends: list[int] = []
    signals.exit_with_last_line(143, ends.append)       # (an end that returns: both calls run through)
    signals.exit_with_last_line(143, ends.append)
    assert ends == [143, 143]                   # each exits, whichever is first
    assert [r.getMessage() for r in caplog.records if "stopped now" in r.getMessage()] == [
        "stopped now (exit status 143); 2 unfinished job(s) kept in the journal for the next start"]
