"""What the bot writes under DATA_DIR (users' photos, paintings, bot.sqlite3, the job journal) is
its own: with the usual umask 022 every local account could read it. The bot process makes what it
creates private (folders 0700, files 0600), and says so at start when a DATA_DIR made before is open
to others, leaving the fix (chmod 700) to the operator rather than changing it unasked."""
from __future__ import annotations

import os
import stat
from pathlib import Path

# group and others get no bits on anything the bot (and the worker processes it starts) creates
PRIVATE_UMASK = 0o077


def keep_new_files_private() -> None:
    """Set the process's umask so that every folder and file created from now on is the bot's user's alone."""
    os.umask(PRIVATE_UMASK)


def open_to_others(data_dir: Path) -> str | None:
    """A warning line when ``data_dir`` exists and other accounts may read or enter it; else None."""
    try:
        info = os.stat(data_dir)
    except OSError:                  # not there yet (made 0700), or unusable: the store says so
        return None
    mode = stat.S_IMODE(info.st_mode)
    if not stat.S_ISDIR(info.st_mode) or not mode & 0o077:     # (a file there: the store refuses it)
        return None
    return (f"DATA_DIR={data_dir} is open to other accounts of this machine (mode {mode:04o}): they may read "
            f"users' photos and the database; make it private with: chmod 700 {data_dir}")
