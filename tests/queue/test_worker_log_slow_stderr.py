"""The engine workers' stderr goes through the bot (held back until a worker is ready). A bot
stderr nobody reads for a while (``python -m bot 2>&1 | less`` paused, a slow journal) must not
stop the bot's event loop, which serves every chat, nor the reading of the workers' pipes (a worker
whose stderr pipe fills blocks in its logging); what cannot wait is dropped oldest first, counted,
so that a dying worker's traceback, its last lines, still reaches the log."""
from __future__ import annotations

import asyncio
import os
import select
import threading
import time

from engine.held_output import HeldOutput

LINE = b"2026-12-07 14:00:00 INFO engine.worker: " + b"x" * 60 + b"\n"


def full_pipe() -> tuple[int, int]:
    """A pipe whose buffer is full: a blocking write to it waits until someone reads."""
    r, w = os.pipe()
    os.set_blocking(w, False)
    try:
        while True:
            os.write(w, b"." * 4096)
    except BlockingIOError:
        pass
    os.set_blocking(w, True)
    return r, w


class Reader:
    """Reads the pipe's end from ``after`` seconds on, as a pager scrolled on again would."""
    def __init__(self, fd: int, after: float) -> None:
        self.fd, self.after, self.data, self.done = fd, after, bytearray(), threading.Event()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        time.sleep(self.after)
        while True:
            ready, _, _ = select.select([self.fd], [], [], 0.2)
            if ready:
                self.data += os.read(self.fd, 1 << 16)
            elif self.done.is_set():
                return

    def finish(self) -> bytes:
        self.done.set()
        self.thread.join(10)
        return bytes(self.data)


async def test_a_bot_stderr_nobody_reads_does_not_stop_the_event_loop():
    r, w = full_pipe()
    saved = os.dup(2)
    os.dup2(w, 2)                          # the bot's stderr: a pipe nobody reads for 2 s
    reader = Reader(r, after=2.0)
    try:
        stream = asyncio.StreamReader()
        output = HeldOutput(stream)
        output.release()                   # a ready worker: its lines are written as they come
        gaps, ticking = [], True

        async def tick():
            last = time.monotonic()
            while ticking:
                await asyncio.sleep(0.01)
                now = time.monotonic()
                gaps.append(now - last)
                last = now

        ticker = asyncio.create_task(tick())
        await asyncio.sleep(0.05)          # (ticking before the first line)
        for _ in range(40):                # a chatty worker: 40 x 100 lines, 280 KB, past the pipe's buffer
            stream.feed_data(LINE * 100)
            await asyncio.sleep(0.005)
        stream.feed_data(b"Traceback (most recent call last):\nRuntimeError: the last words\n")
        stream.feed_eof()
        await asyncio.wait_for(asyncio.shield(output.task), 1.0)     # its pipe read to the end at once
        ticking = False
        await ticker
        assert max(gaps) < 0.5, f"the event loop stood still {max(gaps):.1f} s"
        deadline = time.monotonic() + 10   # the reader begins at 2 s: what waited gets written then
        while not reader.data.endswith(b"the last words\n") and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
    finally:
        os.dup2(saved, 2)
        os.close(saved)
    written = reader.finish()
    os.close(r)
    os.close(w)
    assert written.endswith(b"RuntimeError: the last words\n")
    assert written.count(LINE) == 4000     # the whole of it, in order: nothing had to be dropped


def test_a_stderr_too_slow_drops_the_oldest_lines_counted_and_keeps_the_last():
    from engine.worker_log_writer import WorkerLogWriter

    r, w = full_pipe()
    writer = WorkerLogWriter(fd=w, max_waiting=20 * len(LINE))
    reader = Reader(r, after=1.0)
    started = time.monotonic()
    for i in range(500):
        writer.put(LINE.replace(b"xxxx", f"{i:04d}".encode(), 1))
    writer.put(b"RuntimeError: the worker's last words")         # (no newline: one is added)
    assert time.monotonic() - started < 0.5                        # put never waits for the pipe
    assert writer.flush(10)
    written = reader.finish()
    os.close(r)
    os.close(w)
    lines = written.split(b"\n")
    assert lines[-2] == b"RuntimeError: the worker's last words"
    assert b"0499" in lines[-3]                                    # the newest kept, in order
    assert any(b"line(s) of the engine workers' log dropped" in line for line in lines)
    assert 400 <= writer.dropped_total < 501


def test_worker_lines_are_scrubbed_of_the_bots_secrets():
    from engine.log_secrets import hide_in_logs
    from engine.worker_log_writer import WorkerLogWriter

    hide_in_logs("123456:SECRET-TOKEN-FOR-THIS-TEST")
    r, w = os.pipe()
    writer = WorkerLogWriter(fd=w)
    writer.put(b"ERROR engine.worker: env TELEGRAM_TOKEN=123456:SECRET-TOKEN-FOR-THIS-TEST\n")
    assert writer.flush(5)
    os.close(w)
    written = os.read(r, 1 << 16)
    os.close(r)
    assert b"SECRET-TOKEN" not in written and b"<redacted>" in written


async def test_a_worker_still_loading_after_a_while_has_its_lines_written(monkeypatch):
    """Held back until ready, a worker stuck in its load (a download, a GPU held by another) said
    nothing at all: past HOLD_S its lines are written, and those after it as they come."""
    from engine import held_output
    from engine.worker_log_writer import WorkerLogWriter

    monkeypatch.setattr(held_output, "HOLD_S", 0.3)
    r, w = os.pipe()
    writer = WorkerLogWriter(fd=w)
    stream = asyncio.StreamReader()
    output = HeldOutput(stream, writer)
    stream.feed_data(b"WARNING engine.worker: waiting for the GPU\n")
    await asyncio.sleep(0.1)
    assert output.held                                    # held while it may yet fail at once
    await asyncio.sleep(0.5)
    stream.feed_data(b"INFO engine.worker: still waiting\n")
    await asyncio.sleep(0.1)
    assert writer.flush(5)
    os.close(w)
    written = os.read(r, 1 << 16)
    os.close(r)
    assert written == b"WARNING engine.worker: waiting for the GPU\nINFO engine.worker: still waiting\n"
    stream.feed_eof()
    await output.task


async def test_an_ended_worker_keeps_its_lines_held_for_its_supervisor(monkeypatch):
    """A worker that failed its set-up has its lines held past HOLD_S: the bot says its one line."""
    from engine import held_output
    from engine.worker_log_writer import WorkerLogWriter

    monkeypatch.setattr(held_output, "HOLD_S", 0.2)
    r, w = os.pipe()
    stream = asyncio.StreamReader()
    output = HeldOutput(stream, WorkerLogWriter(fd=w))
    stream.feed_data(b"2026-12-07 14:00:00,000 ERROR engine.worker: device 'cuda': no GPU\n")
    stream.feed_eof()
    await output.task
    await asyncio.sleep(0.4)
    assert output.reason() == "device 'cuda': no GPU" and not output.passing
    os.close(w)
    os.close(r)
