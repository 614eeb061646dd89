"""One bot per DATA_DIR (and per QUEUE_DB). A second `python -m bot` on the same folder (a `make run` left open in
another terminal, a container started twice on one volume) would resume the first one's journaled
jobs and paint and deliver them twice, and answer every Telegram or Discord message twice; it is
refused at start instead, with one line naming the process that holds the folder. The lock is the
kernel's (flock): it goes with the process, however it ends, so a crash leaves nothing to clean up."""
from __future__ import annotations

import fcntl
import os
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
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    return _hold(Path(data_dir) / LOCK_FILE)


def hold_journal(journal: Path) -> IO[str]:
    """The same for the queue's journal (QUEUE_DB), through ``<journal>.lock`` beside it: two bots
    with DATA_DIRs of their own but one QUEUE_DB would each resume and deliver the other's jobs."""
    journal = Path(journal).resolve()    # (a symlink to it: the same lock)
    journal.parent.mkdir(parents=True, exist_ok=True)
    return _hold(journal.with_name(journal.name + ".lock"))


def _hold(path: Path) -> IO[str]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    lock = os.fdopen(fd, "r+", encoding="ascii", errors="replace")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = lock.read(32).strip()
        lock.close()
        raise DataDirInUse(holder) from None
    lock.seek(0)
    lock.truncate()
    lock.write(f"{os.getpid()}\n")
    lock.flush()
    return lock
