"""The bot's own log lines written to stderr by one thread (logging's QueueHandler and
QueueListener), never by the event loop: a stderr nobody reads (``python -m bot 2>&1 | less``
paused) then blocks that thread only, not every chat. The engine workers' lines have their own
writer (engine/worker_log_writer.py).

Each record is formatted (and scrubbed of secrets: engine/log_format.py's formatters) as it is
logged, on the caller's thread, so the line says what it said then; the thread only writes it.
What waits is bounded (MAX_RECORDS records, MAX_BYTES of text): past it the oldest are dropped,
and one line says how many where they were. At exit what waits is written (up to FLUSH_S). A
stderr blocked for good still holds the process at its very end, as it did before this thread
(logging's shutdown and Python's last flush of stderr wait on the write under way): a second
SIGTERM, or a stop now (bot/stop_signals.py), ends it."""
from __future__ import annotations

import atexit
import collections
import logging
import sys
import threading
from logging.handlers import QueueHandler, QueueListener

MAX_RECORDS = 10_000
MAX_BYTES = 1 << 20
FLUSH_S = 2.0


class DroppingQueue:
    """The queue between QueueHandler and QueueListener: put_nowait never blocks nor fails;
    when too much waits the oldest records go, counted, and get() hands the listener one record
    saying so before the next it kept."""

    def __init__(self, formatter: logging.Formatter, max_records: int = MAX_RECORDS,
                 max_bytes: int = MAX_BYTES) -> None:
        self.formatter, self.max_records, self.max_bytes = formatter, max_records, max_bytes
        self.waiting: collections.deque = collections.deque()
        self.waiting_bytes = 0
        self.dropped = 0               # dropped since the listener last took a record
        self.taken = 0                 # records the listener took and is still writing
        self.changed = threading.Condition()

    def put_nowait(self, record: logging.LogRecord | None) -> None:     # (None: the listener's stop)
        with self.changed:
            self.waiting.append(record)
            self.waiting_bytes += _size(record)
            while (len(self.waiting) > self.max_records or self.waiting_bytes > self.max_bytes) \
                    and len(self.waiting) > 1 and self.waiting[0] is not None:
                self.waiting_bytes -= _size(self.waiting.popleft())
                self.dropped += 1
            self.changed.notify_all()

    def get(self, block: bool = True) -> logging.LogRecord | None:
        with self.changed:
            self.changed.wait_for(lambda: self.waiting)
            self.taken += 1
            if self.dropped:
                dropped, self.dropped = self.dropped, 0
                return self._note(dropped)
            record = self.waiting.popleft()
            self.waiting_bytes -= _size(record)
            return record

    def task_done(self) -> None:
        with self.changed:
            self.taken -= 1
            self.changed.notify_all()

    def flush(self, timeout: float = FLUSH_S) -> bool:
        """Wait up to ``timeout`` s until everything logged so far is written; whether it was."""
        with self.changed:
            return self.changed.wait_for(lambda: not self.waiting and not self.taken, timeout)

    def _note(self, dropped: int) -> logging.LogRecord:
        record = logging.makeLogRecord({"name": "bot", "levelno": logging.WARNING, "levelname": "WARNING",
                                        "msg": f"{dropped} log lines dropped (stderr blocked)"})
        record.msg = self.formatter.format(record)
        return record


def _size(record: logging.LogRecord | None) -> int:
    """The bytes its line takes on stderr (a Korean character: 3, not 1)."""
    if record is None or not isinstance(record.msg, str):
        return 0
    return len(record.msg.encode("utf-8", "replace"))


class AsFormatted(logging.Formatter):
    """The listener's side: the line was formatted by the QueueHandler already."""

    def format(self, record: logging.LogRecord) -> str:
        return str(record.msg)


class SturdyListener(QueueListener):
    """A handler that raises must not end the thread: logging's own report of a failed write goes to
    sys.stderr, and where that is closed it raises too. The thread then ended: every later line was
    lost, the other handlers' too, and each flush waited out its whole bound."""

    def handle(self, record: logging.LogRecord) -> None:
        for handler in self.handlers:
            try:
                handler.handle(record)
            except Exception:          # nowhere left to say it: the next handler and line still go
                pass


class LogThread:
    """The root logger's handlers moved behind a QueueHandler; their writing done by a listener thread."""

    def __init__(self, formatter: logging.Formatter, max_records: int = MAX_RECORDS,
                 max_bytes: int = MAX_BYTES) -> None:
        root = logging.getLogger()
        self.handlers = root.handlers[:] or [logging.StreamHandler(sys.stderr)]
        for handler in self.handlers:
            handler.setFormatter(AsFormatted())
        self.queue = DroppingQueue(formatter, max_records, max_bytes)
        self.handler = QueueHandler(self.queue)     # type: ignore[arg-type]
        self.handler.setFormatter(formatter)        # the line made (and scrubbed) as it is logged
        self.listener = SturdyListener(self.queue, *self.handlers)   # type: ignore[arg-type]
        root.handlers = [self.handler]
        self.listener.start()
        self.stopped = False

    def flush(self, timeout: float = FLUSH_S) -> bool:
        return self.queue.flush(timeout)

    def stop(self, timeout: float = FLUSH_S) -> None:
        """Write what waits (up to ``timeout``), end the thread, and give the root logger its
        handlers back (a line logged later, at exit, is written at once)."""
        if self.stopped:
            return
        self.stopped = True
        self.flush(timeout)
        root = logging.getLogger()
        if self.handler in root.handlers:
            root.handlers = [h for h in root.handlers if h is not self.handler] + self.handlers
        self.queue.put_nowait(None)                  # the listener's sentinel
        thread = self.listener._thread
        if thread is not None:
            thread.join(timeout)
        for handler in self.handlers:
            handler.setFormatter(self.handler.formatter)


_running: LogThread | None = None


def write_logs_off_the_loop(formatter: logging.Formatter) -> LogThread:
    """From now on the root logger's lines are written by a thread; at exit, and before an
    uncaught exception's traceback, what waits is written first."""
    global _running
    if _running is not None:
        _running.stop()
    _running = LogThread(formatter)
    atexit.register(_running.stop)
    shown = sys.excepthook

    def flushed_first(*exc_info):             # the last lines before the traceback, in order
        flush_logs()
        shown(*exc_info)

    sys.excepthook = flushed_first
    return _running


def flush_logs(timeout: float = FLUSH_S) -> None:
    """Everything logged so far written (up to ``timeout``), before a line printed to stderr directly."""
    if _running is not None and not _running.stopped:
        _running.flush(timeout)
