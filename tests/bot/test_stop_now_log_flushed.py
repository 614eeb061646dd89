"""A second Ctrl-C (SIGTERM) stops the bot now with os._exit, which runs no atexit handler: the bot's
log lines are written by a thread (bot/log_queue.py), so its "SIGINT (Ctrl-C) again: stopping now" line,
still waiting for that thread, was lost. The stop-now paths write what waits first (bounded)."""
from __future__ import annotations

import asyncio
import logging
import threading
import time

import pytest

from bot import log_queue, stop_signals
from bot.log_queue import LogThread
from bot.stop_signals import StopSignals
from engine.log_format import ScrubbingFormatter


class SlowStream:
    """A stderr read a little late (a pager, a busy terminal): each line lands 0.2 s after it is written."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.lock = threading.Lock()

    def write(self, text: str) -> None:
        time.sleep(0.2)
        with self.lock:
            self.lines.append(text)

    def flush(self) -> None:
        pass

    def text(self) -> str:
        with self.lock:
            return "".join(self.lines)


class Exited(Exception):
    pass


@pytest.fixture
def log_thread(monkeypatch):
    """The bot's log thread writing to a SlowStream, as main() sets it up."""
    stream = SlowStream()
    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    root.handlers, root.level = [logging.StreamHandler(stream)], logging.INFO
    writer = LogThread(ScrubbingFormatter())
    monkeypatch.setattr(log_queue, "_running", writer)
    try:
        yield stream
    finally:
        writer.stop()
        root.handlers, root.level = saved, level


def test_a_second_signal_writes_its_stopping_now_line_before_it_exits(log_thread, monkeypatch):
    written_at_exit: list[str] = []

    def exit_(status: int):
        written_at_exit.append(log_thread.text())
        raise Exited(status)

    monkeypatch.setattr(stop_signals.os, "_exit", exit_)
    signals = StopSignals(asyncio.Event())
    signals(2)
    with pytest.raises(Exited):
        signals(2)                 # (no queue, off the loop: it exits at once)
    assert "WARNING bot: SIGINT (Ctrl-C) again: stopping now" in written_at_exit[0], written_at_exit


class TellingQueue:
    journal = object()
    workers = ()

    async def tell_cut_off(self) -> None:
        logging.getLogger("bot").info("told the cut-off users")


async def test_a_stop_now_that_tells_the_cut_off_users_first_writes_their_lines_before_it_exits(log_thread,
                                                                                           monkeypatch):
    written_at_exit: list[str] = []
    exited = asyncio.Event()
    loop = asyncio.get_running_loop()

    def exit_(status: int):        # (returns: the timer's later call, on its thread, finds it done)
        if not written_at_exit:
            written_at_exit.append(log_thread.text())
            loop.call_soon_threadsafe(exited.set)

    monkeypatch.setattr(stop_signals.os, "_exit", exit_)
    signals = StopSignals(asyncio.Event())
    signals.kill_workers_at_stop_now(TellingQueue())
    signals(15)
    signals(15)
    await asyncio.wait_for(exited.wait(), 5)
    assert "WARNING bot: SIGTERM again: stopping now" in written_at_exit[0], written_at_exit
    assert "INFO bot: told the cut-off users" in written_at_exit[0], written_at_exit
