"""Ctrl-C (SIGINT) and SIGTERM for `python -m bot`: the first stops gracefully (the running
paintings get DRAIN_TIMEOUT to finish and be delivered); a second stops at once, as
`python -m engine worker` does. A painting may take minutes, and an operator pressing Ctrl-C twice
means now. What becomes of the paintings under way depends on the queue (``left_at_stop_now``): the
one-host queue's workers are killed and the journal keeps their jobs for the next start to paint;
Redis workers are processes of their own that paint on, and the next start delivers what they
finish; the in-process queue keeps nothing."""
from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading

from .log_queue import flush_logs

log = logging.getLogger("bot")

AGAIN_HINT = "Ctrl-C again to stop now"
# how long a stop now waits for the users of the paintings it cuts off to be told (the queue's own
# bound, engine.queue.scheduled.CUT_OFF_NOTICE_S), and, past that, for the event loop at all
CUT_OFF_EXIT_S = 1.5
# os._exit runs no atexit handler: the log lines still waiting for the log thread (bot/log_queue.py),
# "stopping now" among them, get this long to be written first (a stderr nobody reads: not longer)
LOG_FLUSH_S = 0.5


class StopSignals:
    """The signal handler of one bot (its main owns it): ``handler(signum)``. The first signal
    sets ``stop``; the second kills the engine workers of this bot's queues and exits with 128 +
    its number (130, 143), as a shell reports a process stopped by it."""

    def __init__(self, stop: asyncio.Event) -> None:
        self.stop = stop
        self.signalled = False
        self.exiting = False               # a stop now is telling the cut-off paintings' users
        self.kept: int | None = None       # the jobs the journal keeps for the next start, where known
        self.undelivered = 0               # and the finished ones whose results it keeps to deliver then
        self._said_stopped = threading.Lock()   # the last line once: the loop's exit and the timer's race
        # the queues whose engine worker processes a stop-now kills: they run in their own
        # sessions, so the terminal's Ctrl-C does not reach them, and a painting that ignores its
        # cancel would go on for nobody beside the next start's workers. This bot's only: another
        # bot in the same process (tests) keeps its own.
        self.queues: list = []

    def kill_workers_at_stop_now(self, queue) -> None:
        self.queues.append(queue)

    def forget_queue(self, queue) -> None:
        if queue in self.queues:
            self.queues.remove(queue)

    def __call__(self, signum: int) -> None:
        if not self.signalled:
            self.signalled = True
            self.stop.set()
            return
        self.stop_now(signum)

    def stop_now(self, signum: int) -> None:
        """Kill the workers and exit, once the users whose paintings that cuts off are told their
        photo is kept (up to a second; the journal keeps the jobs either way). A third signal, or
        an event loop too busy to tell them, exits at once."""
        if self.exiting:
            self.exit_with_last_line(128 + signum)
        self._say_stopping_now(signum)
        self.kept = kept_for_next_start(self.queues)     # (before the kill: the queue's own counts)
        self.undelivered = undelivered_for_next_start(self.queues)
        self.kill_workers()
        tellers = [queue for queue in self.queues if hasattr(queue, "tell_cut_off")]
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:               # (called off the bot's loop: nobody to tell from here)
            loop = None
        if not tellers or loop is None:
            self.exit_with_last_line(128 + signum)
        self.exiting = True
        # a loop too busy to end it: the timer does (os._exit as it is now, taken along: a test's
        # stand-in stays the timer's after the test)
        timer = threading.Timer(CUT_OFF_EXIT_S, self.exit_with_last_line, (128 + signum, os._exit))
        timer.daemon = True
        timer.start()
        loop.create_task(self._exit_once_told(tellers, 128 + signum))

    async def _exit_once_told(self, queues: list, status: int) -> None:
        try:
            await asyncio.wait([asyncio.ensure_future(queue.tell_cut_off()) for queue in queues],
                               timeout=CUT_OFF_EXIT_S)
        finally:
            self.exit_with_last_line(status)

    def exit_with_last_line(self, status: int, end=None) -> None:
        """exit_now, its last line first: the operator's terminal ended on "stopping now" (and the
        cut-off users' lines), never saying the bot had stopped, nor what it left for the next start."""
        if self._said_stopped.acquire(blocking=False):
            log.warning("%s", stopped_now_line(status, self.kept, self.undelivered))
        exit_now(status, end)

    def _say_stopping_now(self, signum: int) -> None:
        fates = list(dict.fromkeys(left_at_stop_now(queue) for queue in self.queues))
        again = f"{signal_name(signum)} again: stopping now"
        if fates:
            log.warning("%s; the painting(s) under way %s", again, " and ".join(fates))
        else:                              # before the queue was opened: nothing was painting
            log.warning("%s", again)

    def kill_workers(self) -> None:
        for queue in list(self.queues):
            for worker in getattr(queue, "workers", ()):
                try:
                    worker.kill()
                except Exception:          # (already gone): exiting matters more
                    pass


def exit_now(status: int, end=None) -> None:
    """The process ends at once (``end``: os._exit), its log lines written first (up to LOG_FLUSH_S)."""
    flush_logs(LOG_FLUSH_S)
    (end or os._exit)(status)


def signal_name(signum: int) -> str:
    """2 -> "SIGINT (Ctrl-C)", 15 -> "SIGTERM": the operator's log named the signal by its number."""
    try:
        name = signal.Signals(signum).name
    except ValueError:                     # (no signal of this system's)
        return f"signal {signum}"
    return f"{name} (Ctrl-C)" if signum == signal.SIGINT else name


def kept_for_next_start(queues: list) -> int | None:
    """The unfinished jobs (running and waiting) the journals of ``queues`` keep for the next
    start, as their status counts them (no I/O); None where that is not known (no journal the next
    start reads: ``journal_outlives``; a status that fails). Not the results finished and not yet
    delivered, which the journal keeps too: ``undelivered_for_next_start`` counts those."""
    kept = None
    for queue in queues:
        if not journal_outlives(queue):
            continue
        try:
            st = queue.status()
            kept = (kept or 0) + int(st.get("running", 0)) + int(st.get("waiting", 0))
        except Exception:                  # (counts for a log line: exiting matters more)
            return None
    return kept


def journal_outlives(queue) -> bool:
    """Whether the next start reads what ``queue``'s journal keeps: not the in-process queue's
    (none), nor one in memory (QUEUE_DB=:memory:, as bot.__main__.journal_file has it), whose jobs
    the stop now loses with the process."""
    if getattr(queue, "journal", None) is None:
        return False
    return getattr(getattr(queue, "settings", None), "queue_db", None) != ":memory:"


def undelivered_for_next_start(queues: list) -> int:
    """The finished jobs whose results (paintings, or answers such as out_of_memory) the journals of
    ``queues`` keep for the next start to deliver: no wait has handed them over yet. Counted in
    memory (ScheduledQueue.finished_undelivered); 0 where unknown (a failing count: exiting matters more)."""
    undelivered = 0
    for queue in queues:
        if not journal_outlives(queue) or not hasattr(queue, "finished_undelivered"):
            continue
        try:
            undelivered += int(queue.finished_undelivered())
        except Exception:
            return 0
    return undelivered


def stopped_now_line(status: int, kept: int | None, undelivered: int = 0) -> str:
    """The stop now's last line: "stopped now (exit status 130); 2 unfinished job(s) and 1 finished
    job(s) not yet delivered kept in the journal for the next start"."""
    line = f"stopped now (exit status {status})"
    kept_ones = ([f"{kept} unfinished job(s)"] if kept else []) + (
        [f"{undelivered} finished job(s) not yet delivered"] if undelivered else [])
    if kept_ones:
        line += f"; {' and '.join(kept_ones)} kept in the journal for the next start"
    return line


def left_at_stop_now(queue) -> str:
    """What becomes of ``queue``'s paintings under way when the bot stops now, for its log line."""
    if getattr(queue, "journal", None) is None:        # QUEUE_BACKEND=memory: nothing keeps them
        return "are lost (the in-process queue keeps no journal)"
    if not journal_outlives(queue):
        return "are lost (QUEUE_DB=:memory: keeps no journal for the next start)"
    if getattr(queue, "workers_outlive_the_bot", False):     # Redis: the workers are not this bot's
        return "are left to the Redis workers to finish, and the next start delivers them (the journal keeps them)"
    return "stay in the journal and are painted again at the next start"     # its workers are killed
