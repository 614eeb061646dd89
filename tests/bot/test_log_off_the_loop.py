"""The bot's own log lines are written by a thread (bot/log_queue.py), not by the event loop: a
stderr nobody reads (``python -m bot 2>&1 | less`` paused) stalled every chat once the pipe was
full. What waits is bounded, the oldest dropped and counted; the last lines still come out at exit."""
from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import time
import urllib.request

from bot.log_queue import DroppingQueue, LogThread
from engine.log_format import ScrubbingFormatter
from engine.log_secrets import hide_in_logs
from tests.bot.test_main import ROOT

JUNK_LINES = 2000        # a WARNING each at start, ~170 bytes: 340 KB, past what asyncio buffers (128 KiB) and the pipe (64 KiB)


async def test_a_bot_whose_stderr_nobody_reads_still_answers_the_web_chat(tmp_path):
    (tmp_path / ".env").write_text("".join(f"junk line {i} without an equals sign\n" for i in range(JUNK_LINES)))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_"))}
    env.update(PYTHONPATH=str(ROOT), DATA_DIR=str(tmp_path / "data"), WEB_PORT="18701", STYLE_TRAINING="false",
               QUEUE_BACKEND="memory", ENGINE_FACTORY="tests.queue.fakes:make_engine", LOG_LEVEL="INFO")
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=tmp_path, env=env,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        # its stderr not read: the old bot blocked writing the warnings, before the web chat started
        line = await asyncio.wait_for(proc.stdout.readline(), 30)
        assert b"http://" in line, line
        page = await asyncio.to_thread(lambda: urllib.request.urlopen("http://127.0.0.1:18701/", timeout=10).read())
        assert b"<html" in page.lower()
        proc.send_signal(signal.SIGTERM)
        err = (await asyncio.wait_for(proc.communicate(), 30))[1].decode()
    finally:
        if proc.returncode is None:
            proc.kill()
            await asyncio.wait_for(proc.communicate(), 30)     # (its stderr read: else wait() waits on it)
    assert proc.returncode == 0, err[-2000:]
    assert err.count("cannot be read (NAME=value expected") == JUNK_LINES      # none lost (under the bound)
    assert err.rstrip().splitlines()[-1].endswith("INFO bot: stopped"), err[-2000:]   # the last one written


class BlockedStream:
    """A stderr that blocks its writer until opened, as a paused pager's pipe does."""
    def __init__(self) -> None:
        import threading
        self.open, self.entered, self.lines = threading.Event(), threading.Event(), []

    def write(self, text: str) -> None:
        self.entered.set()
        self.open.wait(10)
        self.lines.append(text)

    def flush(self) -> None:
        pass


def test_past_the_bound_the_oldest_lines_go_and_one_line_says_how_many():
    stream = BlockedStream()
    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    root.handlers, root.level = [logging.StreamHandler(stream)], logging.INFO
    hide_in_logs("s3cr3t-token-value")
    writer = LogThread(ScrubbingFormatter(), max_records=50)
    try:
        log = logging.getLogger("bot.test")
        log.info("line 0 with s3cr3t-token-value")
        assert stream.entered.wait(5)      # the writer blocked on it
        for i in range(1, 201):            # never blocks, though nothing is written meanwhile
            log.info("line %d with s3cr3t-token-value", i)
        stream.open.set()
        assert writer.flush(5)
    finally:
        writer.stop()
        root.handlers, root.level = saved, level
    text = "".join(stream.lines)
    assert "s3cr3t-token-value" not in text and "<redacted>" in text
    lines = text.splitlines()
    assert any(line.endswith("WARNING bot: 150 log lines dropped (stderr blocked)") for line in lines[:3]), lines[:3]
    # the writer held line 0 when it blocked; 1..150 were dropped; the newest 50 kept, in order
    kept = [line.split("line ")[1].split(" ")[0] for line in lines if "INFO bot.test: line" in line]
    assert kept == ["0"] + [str(i) for i in range(151, 201)]


def test_the_dropped_note_takes_the_place_of_the_dropped_records():
    q = DroppingQueue(logging.Formatter("%(levelname)s %(message)s"), max_records=2)
    for i in range(5):
        q.put_nowait(logging.makeLogRecord({"msg": f"record {i}"}))
    taken = []
    while q.waiting or q.dropped:
        taken.append(str(q.get().msg))
        q.task_done()
    assert taken == ["WARNING 3 log lines dropped (stderr blocked)", "record 3", "record 4"]
    assert q.flush(0.1)


def test_a_json_traceback_keeps_its_exc_field_and_is_scrubbed():
    import json

    from engine.log_format import JsonFormatter

    stream = BlockedStream()
    stream.open.set()
    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    root.handlers, root.level = [logging.StreamHandler(stream)], logging.INFO
    hide_in_logs("json-s3cr3t-value")
    writer = LogThread(JsonFormatter())
    try:
        try:
            raise OSError("cannot reach https://example.invalid/json-s3cr3t-value/x")
        except OSError:
            logging.getLogger("bot").exception("polling failed")
        assert writer.flush(5)
    finally:
        writer.stop()
        root.handlers, root.level = saved, level
    lines = "".join(stream.lines).splitlines()
    assert len(lines) == 1, lines                     # one object per line, as before
    entry = json.loads(lines[0])
    assert entry["msg"] == "polling failed" and "OSError: cannot reach" in entry["exc"]
    assert "json-s3cr3t-value" not in lines[0] and "<redacted>" in entry["exc"]


class ClosedStream:
    """A stderr closed under the bot: each write raises ValueError (logging's own error report, written
    to that same closed stderr, raises it again)."""
    def write(self, text: str) -> None:
        raise ValueError("I/O operation on closed file.")

    def flush(self) -> None:
        raise ValueError("I/O operation on closed file.")


def test_a_handler_that_raises_neither_ends_the_log_thread_nor_keeps_the_others_from_their_lines(monkeypatch):
    """The listener's thread ended at the first such error: every later line was lost (the other
    handlers' too), and each flush at exit (exit_with, a stop now, atexit) waited out its whole bound."""
    closed, kept = ClosedStream(), BlockedStream()
    kept.open.set()
    monkeypatch.setattr(sys, "stderr", closed)
    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    root.handlers, root.level = [logging.StreamHandler(closed), logging.StreamHandler(kept)], logging.INFO
    writer = LogThread(ScrubbingFormatter())
    try:
        log = logging.getLogger("bot.test")
        log.warning("first line")
        log.warning("second line")
        started = time.monotonic()
        assert writer.flush(2)
        assert time.monotonic() - started < 1
        assert writer.listener._thread.is_alive()
    finally:
        writer.stop()
        root.handlers, root.level = saved, level
    assert [line.rsplit(": ", 1)[1] for line in "".join(kept.lines).splitlines()] == ["first line", "second line"]


def test_the_byte_bound_counts_bytes_not_characters():
    """MAX_BYTES was counted in characters: Korean lines (3 bytes a character in UTF-8) waited three
    times the bound said."""
    q = DroppingQueue(logging.Formatter("%(message)s"), max_bytes=1000)
    for i in range(10):
        record = logging.makeLogRecord({"msg": "가" * 100})       # 300 bytes
        q.put_nowait(record)
    assert len(q.waiting) == 3 and q.dropped == 7
    assert sum(len(r.msg.encode()) for r in q.waiting) <= 1000
