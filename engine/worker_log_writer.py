"""The engine workers' log lines, written on to the bot's stderr by one thread, never by the event
loop: a stderr nobody reads fast enough (``python -m bot 2>&1 | less`` paused, a slow journal) then
blocks that thread only, not the bot's chats, and the workers' pipes are read on all the same.

What waits to be written is bounded (MAX_WAITING bytes): past it the oldest waiting lines are
dropped, counted, and said as one line where they were, so that a worker's last lines (its
traceback as it dies: what an operator needs most) still come out. Each line is written whole, by
one write, so two workers' lines never mix, and scrubbed of the bot's secrets."""
from __future__ import annotations

import atexit
import collections
import os
import threading

from .log_secrets import scrub

MAX_WAITING = 1 << 20       # bytes waiting for a slow stderr before the oldest are dropped
FLUSH_S = 2.0               # how long the bot's end waits for the last lines to be written


class WorkerLogWriter:
    def __init__(self, fd: int = 2, max_waiting: int = MAX_WAITING) -> None:
        self.fd, self.max_waiting = fd, max_waiting
        self.waiting: collections.deque[bytes] = collections.deque()
        self.waiting_bytes = 0
        self.dropped = 0                        # lines dropped since the last were written
        self.dropped_total = 0
        self.writing = False                    # the thread holds a line it is writing
        self.changed = threading.Condition()
        self.thread: threading.Thread | None = None

    def put(self, line: bytes) -> None:
        """Queue one line (never blocks); the oldest waiting ones go when too much waits."""
        line = scrub(line.decode(errors="replace")).encode()
        if not line.endswith(b"\n"):
            line += b"\n"
        with self.changed:
            self.waiting.append(line)
            self.waiting_bytes += len(line)
            while self.waiting_bytes > self.max_waiting and len(self.waiting) > 1:
                self.waiting_bytes -= len(self.waiting.popleft())
                self.dropped += 1
                self.dropped_total += 1
            if self.thread is None:
                self.thread = threading.Thread(target=self._write_on, name="worker-log-writer", daemon=True)
                self.thread.start()
            self.changed.notify_all()

    def flush(self, timeout: float = FLUSH_S) -> bool:
        """Wait up to ``timeout`` s for every queued line to be written; whether they were."""
        with self.changed:
            return self.changed.wait_for(lambda: not self.waiting and not self.writing, timeout)

    def _write_on(self) -> None:
        while True:
            with self.changed:
                self.changed.wait_for(lambda: self.waiting)
                line = self.waiting.popleft()
                self.waiting_bytes -= len(line)
                dropped, self.dropped = self.dropped, 0
                self.writing = True
            if dropped:
                self._write(f"[{dropped} line(s) of the engine workers' log dropped: the bot's stderr "
                            "was not read fast enough]\n".encode())
            self._write(line)
            with self.changed:
                self.writing = False
                self.changed.notify_all()

    def _write(self, data: bytes) -> None:
        try:
            while data:
                data = data[os.write(self.fd, data):]
        except OSError:             # stderr closed (the pager quit) or non-blocking and full: lost
            pass


_writer: WorkerLogWriter | None = None
_writer_lock = threading.Lock()


def worker_log_writer() -> WorkerLogWriter:
    """The bot process's one writer of its workers' lines to its stderr."""
    global _writer
    with _writer_lock:
        if _writer is None:
            _writer = WorkerLogWriter()
            atexit.register(_writer.flush)      # a worker's last lines, released as the bot stops
        return _writer
