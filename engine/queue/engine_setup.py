"""Whether the one-host queue's engine workers could build their engine (ENGINE_FACTORY,
ENGINE_DEVICE): a worker that cannot exits with EXIT_SETUP before it is ready. At the bot's start,
with no worker of its lanes ever ready, that is a wrong setting (ENGINE_DEVICE=cuda on a machine
without a GPU): the bot is told (``on_failure_at_start``) and stops with that one line, as for any
other setting. Later (a GPU gone since), its supervisor tries again every SETUP_RETRY seconds, and
a lane whose every worker fails so is offline: its waiting users and /healthz say so.

The bot stops only when every worker of a lane failed its first try: one of two that fails while
the other still loads its engine (CUDA, tens of seconds on a GPU host) may be a device of its own
gone wrong; the lane is served by the other, and the one that failed is said and retried as later."""
from __future__ import annotations

from typing import Callable

from ..jobs import LANES


class EngineSetup:
    def __init__(self, slots: Callable[[str], int] = lambda lane: 1) -> None:
        self.slots = slots                             # a lane's number of workers
        # set by the bot: called once, with the worker's own line, when the engine cannot start at all
        self.on_failure_at_start: Callable[[str | None], None] | None = None
        self.served: set[str] = set()                  # lanes a worker has been ready for since the start
        self.failing: dict[str, tuple[str, ...]] = {}  # worker name -> its lanes, while its set-up fails
        self.failed_first: dict[str, tuple[str, ...]] = {}     # worker name -> its lanes: its first try failed
        self.gave_up = False                           # the bot was told to stop for it
        # set by the bot: called once, when every lane with workers has had one ready
        self.on_every_lane_served: Callable[[], None] | None = None

    def ready(self, worker: str, lanes: tuple[str, ...]) -> None:
        was_starting = self.starting()
        self.served.update(lanes)
        self.failing.pop(worker, None)
        if was_starting and not self.starting() and self.on_every_lane_served is not None:
            self.on_every_lane_served()

    def starting(self) -> bool:
        """Whether a lane with workers has had none ready yet (its engine may still fail to start)."""
        return any(self.slots(lane) > 0 and lane not in self.served for lane in LANES)

    def failed(self, worker: str, lanes: tuple[str, ...], why: str | None, first_try: bool) -> bool:
        """A worker ended before "ready" with EXIT_SETUP; ``why``: its own line. True when the bot
        stops for it (its first try, and of a lane never served the last worker to fail its first
        try, a bot listening): the supervisor then neither says it nor tries again."""
        if self.gave_up:
            return True
        self.failing[worker] = tuple(lanes)
        if first_try:
            self.failed_first[worker] = tuple(lanes)
            if self.on_failure_at_start is not None and any(self._lost_at_start(lane) for lane in lanes):
                self.gave_up = True
                self.on_failure_at_start(why)
                return True
        return False

    def undecided(self, lanes: tuple[str, ...]) -> bool:
        """Whether the bot may yet stop for a lane of these (never served, a bot listening, another
        of its workers still on its first try): a worker that failed its first try waits to be said."""
        return (self.on_failure_at_start is not None and not self.gave_up
                and any(lane not in self.served for lane in lanes))

    def _lost_at_start(self, lane: str) -> bool:
        """Never served, and every one of its workers failed its first try."""
        failed = sum(1 for lanes in self.failed_first.values() if lane in lanes)
        return lane not in self.served and failed >= self.slots(lane)

    def down(self, lane: str, slots: int) -> bool:
        """Whether every one of a lane's ``slots`` workers is failing to build its engine."""
        failing = sum(1 for lanes in self.failing.values() if lane in lanes)
        return 0 < slots <= failing
