"""Ctrl-C (SIGINT) and SIGTERM for `python -m bot`: the first stops gracefully (the running
paintings get DRAIN_TIMEOUT to finish and be delivered); a second stops at once, as
`python -m engine worker` does. A painting may take minutes, and an operator pressing Ctrl-C twice
means now. The jobs under way stay in the journal (state running, undelivered), so the next start
paints and delivers them again."""
from __future__ import annotations

import asyncio
import logging
import os

log = logging.getLogger("bot")

AGAIN_HINT = "Ctrl-C again to stop now"

# the queues whose engine worker processes a stop-now kills: they run in their own sessions, so
# the terminal's Ctrl-C does not reach them, and a painting that ignores its cancel would go on
# for nobody beside the next start's workers
_queues: list = []


def kill_workers_at_stop_now(queue) -> None:
    _queues.append(queue)


def forget_queue(queue) -> None:
    if queue in _queues:
        _queues.remove(queue)


class StopSignals:
    """The signal handler: ``handler(signum)``. The first signal sets ``stop``; the second exits
    with 128 + its number (130, 143), as a shell reports a process stopped by it."""

    def __init__(self, stop: asyncio.Event) -> None:
        self.stop = stop
        self.signalled = False

    def __call__(self, signum: int) -> None:
        if not self.signalled:
            self.signalled = True
            self.stop.set()
            return
        stop_now(signum)


def stop_now(signum: int) -> None:
    if all(getattr(queue, "journal", None) is not None for queue in _queues):
        left = "stay in the journal and are painted again at the next start"
    else:                              # QUEUE_BACKEND=memory: nothing keeps them
        left = "are lost (the in-process queue keeps no journal)"
    log.warning("signal %d again: stopping now; the painting(s) under way %s", signum, left)
    for queue in list(_queues):
        for worker in getattr(queue, "workers", ()):
            try:
                worker.kill()
            except Exception:          # (already gone): exiting matters more
                pass
    os._exit(128 + signum)
