"""A painting's line said again from its last status as the clock moves on. The queues send a
status only when it changes: a painting stalled at 90% kept "(about 10 s left)" or "(almost done)"
for as long as it stalled, and /status said the same. Every RECHECK_S while a job paints, its last
status is handed to the line once more (TimeLeft then counts the stall in its pace); the line is
edited only where its text changed (ProgressLine), so a painting going steadily costs no edit."""
from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Awaitable, Callable

log = logging.getLogger(__name__)

RECHECK_S = 15.0        # how often a running painting's line is said again without a new status


class StatusRecheck:
    """``async with StatusRecheck(on_status) as recheck: await queue.wait(job_id, recheck.on_status)``:
    the queue's statuses go to ``on_status`` as they come, and the last one again once it is
    ``every`` seconds old (RECHECK_S) while it says the job is running: a painting whose statuses
    come often is never said again."""

    def __init__(self, on_status: Callable[[object], Awaitable[None]], every: float | None = None):
        self._on_status = on_status
        self.every = RECHECK_S if every is None else every
        self._last = None
        self._at = 0.0                  # when the line was last said (the event loop's clock)
        self._task: asyncio.Task | None = None

    async def on_status(self, st) -> None:
        self._last, self._at = st, asyncio.get_running_loop().time()
        await self._on_status(st)

    async def __aenter__(self) -> StatusRecheck:
        self._at = asyncio.get_running_loop().time()
        self._task = asyncio.create_task(self._again())
        return self

    async def __aexit__(self, *exc) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _again(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(max(0.0, self._at + self.every - loop.time()))
            st = self._last
            if loop.time() - self._at < self.every:     # a status came meanwhile
                continue
            self._at = loop.time()
            if st is None or st.state != "running":      # (a waiting line's position needs no clock)
                continue
            try:
                await self._on_status(st)
            except Exception:       # the line is a courtesy: the painting's wait goes on
                log.warning("a painting's line could not be said again", exc_info=True)
