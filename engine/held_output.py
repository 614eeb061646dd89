"""An engine worker's stderr (its log), read by the bot that supervises it and written on to the
bot's own stderr: held back until the worker is ready, so that a worker that cannot build its engine
(ENGINE_DEVICE=cuda on a machine without a GPU) is said once, by its supervisor or the bot, instead
of one ERROR line per worker and per try. A worker that gets ready has its held lines written then,
in order, and the rest as they come. The writing is worker_log_writer.py's, off the event loop."""
from __future__ import annotations

import asyncio
import json
import re

from .progress_redraws import Redraws
from .worker_log_writer import WorkerLogWriter, worker_log_writer

HELD_LINES = 200           # a worker that logs more before it is ready has it all written on
HOLD_S = 60.0              # a worker loading longer has its lines written (a stuck load says why, live)
FINISH_S = 2.0             # how long its end waits for the last lines (a grandchild may hold the pipe)
TEXT_ERROR = re.compile(rb" ERROR engine\.worker: (.*)$")     # engine.log_format's text line
LINE_END = re.compile(rb"\r\n|\r|\n")
MAX_PARTIAL = 1 << 16      # a line longer than this (no line end yet) is passed on in pieces


class HeldOutput:
    def __init__(self, stream: asyncio.StreamReader, writer: WorkerLogWriter | None = None) -> None:
        self.held: list[bytes] = []
        self.passing = False
        self.error: str | None = None          # the last ERROR line of engine.worker's message
        self.writer = writer or worker_log_writer()
        self.task = asyncio.create_task(self._pump(stream))
        self.timer = asyncio.get_running_loop().call_later(HOLD_S, self.release)

    def release(self) -> None:
        """Write what is held, and from now on each line as it comes."""
        self.timer.cancel()
        held, self.held, self.passing = self.held, [], True
        for line in held:
            self.writer.put(line)

    def drop(self) -> None:
        """Forget what is held: the worker's failure is said otherwise (or was said already)."""
        self.held = []

    def reason(self) -> str | None:
        """The worker's last ERROR line of engine.worker, its message alone (text or json log lines):
        of the lines held, or of those written on already (a worker past HELD_LINES or HOLD_S)."""
        return self.error

    async def finished(self) -> None:
        """Wait (a little) for the worker's last lines: its stderr closes as it ends."""
        try:
            await asyncio.wait_for(asyncio.shield(self.task), FINISH_S)
        except asyncio.TimeoutError:
            self.task.cancel()
        except Exception:
            pass

    async def _pump(self, stream: asyncio.StreamReader) -> None:
        try:
            await self._read_all(stream)
        finally:                   # the worker has ended: what it held waits for its supervisor's word
            self.timer.cancel()

    async def _read_all(self, stream: asyncio.StreamReader) -> None:
        lines = LineSplitter()
        while True:
            chunk = await stream.read(1 << 16)
            for line in lines.feed(chunk) if chunk else lines.end():
                self._take(line)
            if not chunk:
                return

    def _take(self, line: bytes) -> None:
        if b"ERROR" in line:       # (the cheap test first: most lines are not)
            self.error = worker_error(line) or self.error
        if self.passing:
            self.writer.put(line)
        else:
            self.held.append(line)
            if len(self.held) > HELD_LINES:
                self.release()


def worker_error(line: bytes) -> str | None:
    """The message of an ERROR line of engine.worker (engine.log_format's text or json), else None."""
    line = line.rstrip(b"\r\n")
    found = TEXT_ERROR.search(line)
    if found:
        return found.group(1).decode(errors="replace")
    try:
        entry = json.loads(line)
    except ValueError:
        return None
    if isinstance(entry, dict) and entry.get("level") == "ERROR" and entry.get("logger") == "engine.worker":
        return str(entry.get("msg"))
    return None


class LineSplitter:
    """A worker's stderr cut into lines at "\n", "\r\n" and a lone "\r": a progress bar (tqdm's)
    redraws its line with "\r" and no "\n" until it is done, and was held back whole until then.
    A line longer than MAX_PARTIAL is passed on in pieces of that size (bounded, as before).
    Redraws are thinned out (progress_redraws.Redraws), lines ended by "\n" never."""

    def __init__(self, redraws: Redraws | None = None) -> None:
        self.partial = b""
        self.redraws = redraws or Redraws()

    def feed(self, chunk: bytes) -> list[bytes]:
        data = self.partial + chunk
        lines, start = [], 0
        for end in LINE_END.finditer(data):
            if end.group() == b"\r" and end.end() == len(data):
                break                      # a "\n" may follow in the next chunk: one line end, not two
            piece = data[start:end.start()]
            if end.group() != b"\r":
                self.redraws.ended()
                lines.append(piece + b"\n")
            elif piece and self.redraws.show():    # (a bare "\r" after a line end: nothing to show)
                lines.append(piece + b"\n")
            start = end.end()
        self.partial = data[start:]
        while len(self.partial) > MAX_PARTIAL:
            lines.append(self.partial[:MAX_PARTIAL] + b"\n")
            self.partial = self.partial[MAX_PARTIAL:]
        return lines

    def end(self) -> list[bytes]:
        """The worker's stderr closed: what it wrote after its last line end."""
        rest, self.partial = self.partial.rstrip(b"\r"), b""
        return [rest + b"\n"] if rest else []
