"""The second Ctrl-C's stop-now (bot/stop_signals.py) kills the engine workers of its own bot's
queue only: the queues were a module-level list, so two bots in one process (tests) saw each
other's, and one's stop-now killed the other's workers and judged by the other's queue whether the
paintings under way are kept ("stay in the journal") or lost."""
import asyncio
import logging

import pytest

from bot import stop_signals
from bot.stop_signals import StopSignals


class Worker:
    def __init__(self) -> None:
        self.killed = False

    def kill(self) -> None:
        self.killed = True


class Queue:
    def __init__(self, journal) -> None:
        self.journal = journal
        self.workers = [Worker(), Worker()]


class Exited(Exception):
    pass


@pytest.fixture
def no_exit(monkeypatch):
    def exit_(code: int):
        raise Exited(code)

    monkeypatch.setattr(stop_signals.os, "_exit", exit_)


def second_signal(signals: StopSignals, signum: int = 2) -> int:
    signals(signum)
    assert signals.stop.is_set()
    with pytest.raises(Exited) as exited:
        signals(signum)
    return exited.value.args[0]


def test_a_bots_stop_now_kills_its_own_workers_and_not_another_bots(no_exit, caplog):
    caplog.set_level(logging.WARNING, logger="bot")
    first, second = StopSignals(asyncio.Event()), StopSignals(asyncio.Event())
    journaled, in_process = Queue(journal=object()), Queue(journal=None)
    first.kill_workers_at_stop_now(journaled)
    second.kill_workers_at_stop_now(in_process)
    assert second_signal(first) == 130
    assert all(w.killed for w in journaled.workers)
    assert not any(w.killed for w in in_process.workers)          # the other bot's painting goes on
    assert not second.stop.is_set()
    [line] = [r.getMessage() for r in caplog.records if "again: stopping now" in r.getMessage()]
    assert "stay in the journal" in line, line                     # judged by its own queue alone
    caplog.clear()
    assert second_signal(second, 15) == 143
    assert all(w.killed for w in in_process.workers)
    [line] = [r.getMessage() for r in caplog.records if "again: stopping now" in r.getMessage()]
    assert "are lost" in line, line


def test_a_forgotten_queue_is_not_killed(no_exit):
    signals = StopSignals(asyncio.Event())
    queue = Queue(journal=object())
    signals.kill_workers_at_stop_now(queue)
    signals.forget_queue(queue)
    signals.forget_queue(queue)                 # twice: no error
    assert second_signal(signals) == 130
    assert not any(w.killed for w in queue.workers)


def test_a_worker_that_cannot_be_killed_does_not_keep_the_bot(no_exit):
    class Gone(Worker):
        def kill(self) -> None:
            raise ProcessLookupError

    signals = StopSignals(asyncio.Event())
    queue = Queue(journal=object())
    queue.workers.insert(0, Gone())
    signals.kill_workers_at_stop_now(queue)
    assert second_signal(signals) == 130
    assert queue.workers[1].killed and queue.workers[2].killed


def stop_now_line(caplog, queue, signum: int = 2) -> str:
    signals = StopSignals(asyncio.Event())
    if queue is not None:
        signals.kill_workers_at_stop_now(queue)
    caplog.clear()
    second_signal(signals, signum)
    [line] = [r.getMessage() for r in caplog.records if "again: stopping now" in r.getMessage()]
    return line


def test_the_stop_now_line_says_what_becomes_of_the_paintings_for_each_backend(no_exit, caplog, tmp_path):
    """Each queue as `python -m bot` opens it. Redis said "painted again at the next start" as the
    one-host queue does, while its workers are processes of their own that paint on (nothing
    kills them) and the next start delivers what they finish."""
    from engine.queue.memory import InProcessQueue
    from engine.queue.process import ProcessQueue
    from engine.queue.redis_streams import RedisQueue
    from engine.queue.settings import QueueSettings
    from tests.queue.fakes import FakeEngine

    caplog.set_level(logging.WARNING, logger="bot")
    settings = QueueSettings(queue_db=str(tmp_path / "queue.sqlite3"), redis_url="redis://127.0.0.1:1/0",
                             engine_factory="tests.queue.fakes:make_engine", workers_fast=1, workers_hq=0)
    redis_queue, one_host = RedisQueue(settings), ProcessQueue(settings)
    try:
        line = stop_now_line(caplog, redis_queue)
        assert "left to the Redis workers to finish" in line and "next start delivers them" in line, line
        assert "painted again" not in line, line
        line = stop_now_line(caplog, one_host, 15)
        assert "SIGTERM again" in line and "stay in the journal and are painted again at the next start" in line, line
        assert "are lost" in stop_now_line(caplog, InProcessQueue(FakeEngine))
    finally:
        redis_queue.journal.close()
        one_host.journal.close()


def test_a_stop_now_before_the_queue_opened_claims_nothing_of_paintings(no_exit, caplog):
    caplog.set_level(logging.WARNING, logger="bot")
    assert stop_now_line(caplog, None) == "SIGINT (Ctrl-C) again: stopping now"
