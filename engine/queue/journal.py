"""SQLite journal of jobs: a job is written here before `submit` returns, so a restart resumes it.

States: queued -> running -> done | failed | cancelled | dead. A finished job keeps its result
until `wait` hands it over (delivered = 1); then the image bytes are dropped.
"""
from __future__ import annotations

import asyncio
import functools
import json
import logging
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..jobs import Job, JobResult, file_bytes
from .wire import dumps, job_from_dict, job_to_dict

log = logging.getLogger("engine.queue")

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    lane TEXT NOT NULL,
    state TEXT NOT NULL,
    crashes INTEGER NOT NULL DEFAULT 0,
    job TEXT NOT NULL,
    image BLOB,
    created REAL NOT NULL,
    started REAL,
    finished REAL,
    result TEXT,
    result_image BLOB,
    delivered INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS jobs_open ON jobs (delivered, state);
"""

OPEN_STATES = ("queued", "running")
# How long a write waits for another process's write lock (an operator's sqlite3 shell) before it
# fails. The queue writes on the journal's own thread (Journal.off_loop), so only the job waits,
# not the bot's event loop. Short is safe: a running job's writes that fail are retried later
# (ScheduledQueue._journal), and a submit that fails tells its user, who can send it again.
BUSY_TIMEOUT = 1.0


def _job_json(job: Job) -> str:
    return dumps(job_to_dict(job, with_image=False))


def _job_from(row) -> Job:
    # a photo given as text (a str: never read as a path) is journaled as text and stays one, for
    # the painting's bad_option: bytes() of it failed the whole resume, every job with it
    return job_from_dict(json.loads(row["job"]), image=file_bytes(row["image"]) or b"")


def _style_files_read(job: Job) -> Job:
    """A job journaled before 3fedd7e carried a community style's file by its path (this host's
    DATA_DIR: the journal is the bot's), which workers refuse since d389faf (a job's style is its
    file's bytes); resumed, it carries the file's bytes, as PaintingJobs.job_style gives them now.
    A file gone since stays a path: the worker's bad_option, that job alone."""
    for style in job.styles:
        if style.kind != "artist" and isinstance(style.value, str):
            try:
                style.value = Path(style.value).read_bytes()
            except (OSError, ValueError):        # gone, a folder, a name the OS refuses
                log.warning("job %s: its %s style file could not be read; it will fail", job.id, style.kind)
    return job


def empty_wal(execute, what: str, logger: logging.Logger = log) -> bool:
    """Move a database's WAL into its file and empty it. The WAL keeps old copies of pages (a
    forgotten user's photos and id) until a checkpoint; after it they are only in the database,
    where secure_delete has zeroed them. False if it could not finish (a reader has the WAL open,
    the disk fails): the rows are deleted all the same, so no error. ``execute(sql)`` runs SQL."""
    try:
        busy = execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except sqlite3.Error as exc:
        busy = exc
    if busy:
        logger.warning("%s's WAL could not be emptied (%s); deleted rows leave it at the next checkpoint",
                    what, "a reader has it open" if busy == 1 else busy)
    return not busy


class OffLoop:
    """A database's methods as coroutines that run on one thread of its own, in the order they
    were called: ``await journal.off_loop.add(job)`` runs ``journal.add(job)`` there. While SQLite
    waits for a lock (another process's, up to the busy timeout) or for the disk, only the awaiting
    coroutine waits: the event loop, and every chat with it, goes on. One thread, so the writes
    keep their order and never wait for each other's lock."""

    def __init__(self, owner, name: str) -> None:
        self._owner = owner
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)

    async def call(self, fn, /, *args, **kwargs):
        """``fn(*args, **kwargs)`` on the thread (any function, e.g. one a test put in place of a method)."""
        try:
            done = asyncio.get_running_loop().run_in_executor(self._thread, functools.partial(fn, *args, **kwargs))
        except RuntimeError as exc:        # shut down: as the closed connection itself would answer
            raise sqlite3.ProgrammingError("Cannot operate on a closed database.") from exc
        return await done

    def __getattr__(self, name: str):
        method = getattr(self._owner, name)
        return functools.partial(self.call, method)

    def shutdown(self) -> None:
        """Wait for the calls under way, then end the thread (before the owner closes its connection)."""
        self._thread.shutdown(wait=True)


class Journal:
    def __init__(self, path: str = ":memory:") -> None:
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.lock = threading.Lock()
        try:
            self.db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, check_same_thread=False, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            if path != ":memory:":
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA secure_delete=ON")      # deleted photos are zeroed, whatever the build
            self.db.executescript(SCHEMA)
        except sqlite3.Error as exc:       # SQLite's message does not say which file
            if hasattr(self, "db"):
                self.db.close()
            raise type(exc)(f"{path}: {exc}") from exc
        # The queue's coroutines call the journal through this (never directly: its connection
        # has one lock, and a call waiting for SQLite's lock would hold the event loop up with it).
        self.off_loop = OffLoop(self, "journal")

    def _x(self, sql: str, *args):
        with self.lock:
            return self.db.execute(sql, args)

    def close(self) -> None:
        self.off_loop.shutdown()
        with self.lock:
            self.db.close()

    def add(self, job: Job, state: str = "queued") -> None:
        self._x("INSERT OR REPLACE INTO jobs (id, user_id, chat_id, lane, state, job, image, created)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", job.id, job.user_id, job.chat_id, job.lane, state,
                _job_json(job), file_bytes(job.image), job.created)

    def set_job(self, job_id: str, job: Job) -> None:
        """The job changed and is kept as it is now for a resume: its meta (the bot noted where its
        progress line is), or its max_side (painted again smaller, its worker killed for memory: a
        restart must not paint it at the size that killed its worker)."""
        self._x("UPDATE jobs SET job = ? WHERE id = ?", _job_json(job), job_id)

    def set_state(self, job_id: str, state: str) -> None:
        col = ", started = ?" if state == "running" else ""
        args = (state, time.time(), job_id) if col else (state, job_id)
        self._x(f"UPDATE jobs SET state = ?{col} WHERE id = ?", *args)

    def crashed(self, job_id: str) -> int:
        self._x("UPDATE jobs SET crashes = crashes + 1, state = 'queued' WHERE id = ?", job_id)
        row = self._x("SELECT crashes FROM jobs WHERE id = ?", job_id).fetchone()
        return row["crashes"] if row else 0

    def finish(self, result: JobResult, state: str) -> None:
        meta = {k: v for k, v in vars(result).items() if k != "image"}
        self._x("UPDATE jobs SET state = ?, finished = ?, result = ?, result_image = ?, image = NULL"
                " WHERE id = ?", state, time.time(), json.dumps(meta), result.image, result.job_id)

    def result(self, job_id: str) -> JobResult | None:
        row = self._x("SELECT result, result_image FROM jobs WHERE id = ?", job_id).fetchone()
        if row is None or row["result"] is None:
            return None
        return JobResult(**json.loads(row["result"]), image=row["result_image"])

    def delivered(self, job_id: str) -> None:
        self._x("UPDATE jobs SET delivered = 1, result_image = NULL WHERE id = ?", job_id)

    def job(self, job_id: str) -> Job | None:
        row = self._x("SELECT * FROM jobs WHERE id = ?", job_id).fetchone()
        return _job_from(row) if row else None

    def state(self, job_id: str) -> str | None:
        row = self._x("SELECT state FROM jobs WHERE id = ?", job_id).fetchone()
        return row["state"] if row else None

    def undelivered(self) -> list[tuple[Job, str, int]]:
        """(job, state, crashes) of every job whose result the bot has not handed over yet."""
        rows = self._x("SELECT * FROM jobs WHERE delivered = 0 ORDER BY created").fetchall()
        return [(_style_files_read(_job_from(r)), r["state"], r["crashes"]) for r in rows]

    def forget_user(self, user_id: str) -> list[str]:
        """Deletes the user's jobs; returns their ids (for what a backend keeps of them elsewhere)."""
        ids = [row["id"] for row in self._x("SELECT id FROM jobs WHERE user_id = ?", user_id).fetchall()]
        self._x("DELETE FROM jobs WHERE user_id = ?", user_id)
        self.checkpoint()
        return ids

    def checkpoint(self) -> bool:
        return empty_wal(self._x, "the journal")

    def prune(self, older_than: float = 7 * 86400) -> None:
        self._x("DELETE FROM jobs WHERE delivered = 1 AND finished < ?", time.time() - older_than)
