"""One bot per DATA_DIR (and per QUEUE_DB). A second `python -m bot` on the same folder (a `make run` left open in
another terminal, a container started twice on one volume) would resume the first one's journaled
jobs and paint and deliver them twice, and answer every Telegram or Discord message twice; it is
refused at start instead, with one line naming the process that holds the folder. The lock is the
kernel's (flock): it goes with the process, however it ends, so a crash leaves nothing to clean up.

A bot that is stopping (SIGTERM: it finishes its running jobs, up to DRAIN_TIMEOUT, still holding
the locks) says so in the lock file ("PID stopping DRAIN_TIMEOUT SINCE"), so that a restart
(`kill $PID; python -m bot`) waits for it instead of being refused."""
from __future__ import annotations

import fcntl
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

LOCK_FILE = "bot.lock"


class DataDirInUse(Exception):
    """Another live process holds DATA_DIR; ``holder``: its pid as it wrote it ("" if unknown)."""

    def __init__(self, holder: str) -> None:
        super().__init__(holder)
        self.holder = holder


def hold_data_dir(data_dir: Path) -> IO[str]:
    """Lock ``data_dir`` for this process, writing its pid in the lock file; keep the returned
    file open as long as the bot runs (closing it releases the lock). Raises DataDirInUse."""
    Path(data_dir).mkdir(mode=0o700, parents=True, exist_ok=True)     # users' photos go in it
    return _hold(Path(data_dir) / LOCK_FILE)


def hold_journal(journal: Path) -> IO[str]:
    """The same for the queue's journal (QUEUE_DB), through ``<journal>.lock`` beside it: two bots
    with DATA_DIRs of their own but one QUEUE_DB would each resume and deliver the other's jobs."""
    journal = Path(journal).resolve()    # (a symlink to it: the same lock)
    journal.parent.mkdir(parents=True, exist_ok=True)
    return _hold(journal_lock(journal))


def journal_lock(journal: Path) -> Path:
    """The lock file of the journal ``journal``."""
    journal = Path(journal).resolve()
    return journal.with_name(journal.name + ".lock")


@dataclass(frozen=True)
class Stopping:
    """A bot that holds a lock and is stopping: its pid, its DRAIN_TIMEOUT, when it began (time.time())."""
    pid: str
    drain_timeout: float
    since: float


def mark_stopping(lock: IO[str], drain_timeout: float) -> None:
    """Say in the held lock file ``lock`` that this bot is stopping (its running jobs get
    ``drain_timeout`` seconds). Longer than the pid line it replaces, so a reader sees one or the
    other whole."""
    lock.seek(0)
    lock.write(f"{os.getpid()} stopping {drain_timeout:g} {time.time():.3f}\n")
    lock.flush()


def stopping_holder(path: Path) -> Stopping | None:
    """The bot holding the lock file ``path`` if it is stopping; None when the lock is free (or
    missing) or its holder is running as usual."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    with os.fdopen(fd, "r", encoding="ascii", errors="replace") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            words = f.read(64).split()
        except OSError:                  # no locks on this file system: nothing to wait for
            return None
        else:
            return None                  # free (closing the file lets it go again)
    try:
        pid, word, drain, since = words
        return Stopping(pid, float(drain), float(since)) if word == "stopping" else None
    except ValueError:
        return None


def _hold(path: Path) -> IO[str]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    lock = os.fdopen(fd, "r+", encoding="ascii", errors="replace")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = (lock.read(32).split() or [""])[0]      # the pid (a stopping bot's line goes on)
        lock.close()
        raise DataDirInUse(holder) from None
    lock.seek(0)
    lock.truncate()
    lock.write(f"{os.getpid()}\n")
    lock.flush()
    return lock
