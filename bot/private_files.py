"""What the bot writes under DATA_DIR (users' photos, paintings, bot.sqlite3, the job journal) is
its own: with the usual umask 022 every local account could read it. The bot process makes what it
creates private (folders 0700, files 0600), and says so at start when a DATA_DIR made before is open
to others, leaving the fix (chmod 700) to the operator rather than changing it unasked.

A DATA_DIR its operator made group-readable and closed to others (0750: a backup group reads it)
is honoured instead: what the bot creates keeps group read (folders 0750, files 0640), unsaid unless
its group may write it too, or is not the group new files get (group_share_warnings)."""
from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

# group and others get no bits on anything the bot (and the worker processes it starts) creates
PRIVATE_UMASK = 0o077
# DATA_DIR shared with its group on purpose: the group may read (and enter) what the bot creates
GROUP_READ_UMASK = 0o027

_group_reads = False                 # set once the bot took DATA_DIR's group read on


def keep_new_files_private() -> None:
    """Set the process's umask so that every folder and file created from now on is the bot's user's alone."""
    os.umask(PRIVATE_UMASK)


def keep_group_read_where_data_dir_gives_it(data_dir: Path) -> bool:
    """When ``data_dir`` exists, readable by its group and by no one else, the group keeps read on
    what the bot creates from now on (umask 027; the worker processes started later inherit it).
    Whether it does: then DATA_DIR is as its operator meant it, and no warning is due."""
    global _group_reads
    try:
        info = os.stat(data_dir)
    except OSError:                  # not there yet: made private
        return False
    mode = stat.S_IMODE(info.st_mode)
    if not stat.S_ISDIR(info.st_mode) or not mode & stat.S_IRGRP or mode & 0o007:
        return False
    os.umask(GROUP_READ_UMASK)
    _group_reads = True
    return True


def group_share_warnings(data_dir: Path) -> list[str]:
    """For a DATA_DIR shared with its group (keep_group_read_where_data_dir_gives_it): a line for each
    way it is not shared as that means. Its group may write it (0770): they may change or delete
    what the bot keeps, not only read it. Its group is not the one new files get (without the setgid
    bit a file takes the process's group, not the folder's): that group could read none of them."""
    try:
        info = os.stat(data_dir)
    except OSError:
        return []
    mode = stat.S_IMODE(info.st_mode)
    lines = []
    if mode & stat.S_IWGRP:
        lines.append(f"DATA_DIR={data_dir} is writable by its group (mode {mode:04o}): its members may change or "
                     f"delete users' photos and the database; to let them only read: chmod 750 {data_dir}")
    # (Linux's rule: the BSDs and macOS give a new file its folder's group always)
    if sys.platform.startswith("linux") and not mode & stat.S_ISGID and info.st_gid != os.getegid():
        lines.append(f"DATA_DIR={data_dir} is readable by its group ({group_name(info.st_gid)}), but what the bot "
                     f"creates there gets its own group ({group_name(os.getegid())}), which that group cannot "
                     f"read: give it the setgid bit (new files then take its group): chmod g+s {data_dir}")
    return lines


def group_name(gid: int) -> str:
    import grp                       # (not on Windows, where no folder is group-readable so)

    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:                 # a group with no name here (a container's volume): its number
        return str(gid)


def new_folder_mode() -> int:
    """The mode a folder the bot makes under DATA_DIR gets (0700; 0750 where its group reads DATA_DIR)."""
    return 0o750 if _group_reads else 0o700


def new_file_mode() -> int:
    """The mode a file the bot writes under DATA_DIR gets (0600; 0640 where its group reads DATA_DIR)."""
    return 0o640 if _group_reads else 0o600


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
