"""How often the event loop got to run while a test waited: a loop held up by a blocking call
(a write waiting for SQLite's lock on the loop's thread) counts few ticks."""
from __future__ import annotations

import asyncio

TICK = 0.01      # seconds: a loop that runs freely counts about 100 a second


class LoopTicks:
    def __init__(self) -> None:
        self.count = 0
        self._task: asyncio.Task | None = None

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(TICK)
            self.count += 1

    def reset(self) -> None:
        self.count = 0

    def ran_on_for(self, seconds: float) -> bool:
        """Whether the loop ran on for most of ``seconds`` (a quarter of the free rate is enough)."""
        return self.count >= seconds / TICK / 4

    async def __aenter__(self) -> "LoopTicks":
        self._task = asyncio.create_task(self._tick())
        return self

    async def __aexit__(self, *exc) -> None:
        self._task.cancel()
