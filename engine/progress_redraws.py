"""A progress bar that a worker redraws in place (tqdm's download bar: "\r" and the bar again, ten
times a second) made a log line of each redraw once stderr was cut at "\r" (held_output.LineSplitter):
some ten lines a second in the bot's log. Its redraws are passed on at most once every REDRAW_EVERY_S;
its first shows at once, and its final state, the line that ends it with "\n", is an ordinary line,
passed on always, as every other line is."""
from __future__ import annotations

import time
from typing import Callable

REDRAW_EVERY_S = 5.0


class Redraws:
    """One worker stream's redraws: which to pass on."""

    def __init__(self, every: float = REDRAW_EVERY_S, clock: Callable[[], float] = time.monotonic) -> None:
        self.every, self.clock = every, clock
        self.shown_at: float | None = None      # when the open bar's last redraw was passed on

    def show(self) -> bool:
        """A redraw (a line ended by a lone "\r"): whether to pass it on."""
        now = self.clock()
        if self.shown_at is not None and now - self.shown_at < self.every:
            return False
        self.shown_at = now
        return True

    def ended(self) -> None:
        """A line ended by "\n": the bar, if one was open, is done; a redraw after it is a new bar's."""
        self.shown_at = None
