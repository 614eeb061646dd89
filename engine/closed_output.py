"""A command's stdout closed under it (`python -m engine styles | head -1`): the command ends
quietly, as Unix tools do, rather than saying "error: Broken pipe" or Python's "Exception ignored"
at exit. The recipe of Python's signal module notes, with the status of a SIGPIPE death."""
from __future__ import annotations

import os
import select
import sys

CLOSED_OUTPUT = 141         # 128 + SIGPIPE: what `yes | head -1` reports under pipefail


def stdout_closed() -> bool:
    """Whether nothing reads stdout any more: a pipe's reader gone polls as an error (POLLERR) or a
    hang-up. A BrokenPipeError from elsewhere (a child's stdin) is not this, and stays an error."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):     # a replaced stdout (pytest's capture): no pipe of ours
        return False
    if not hasattr(select, "poll"):                   # Windows: take the usual recipe's word for it
        return True
    poller = select.poll()
    poller.register(fd, select.POLLOUT)
    return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))


def end_quietly() -> int:
    """Point stdout at devnull (the interpreter's last flush then has nowhere to fail) and return
    CLOSED_OUTPUT."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return CLOSED_OUTPUT
