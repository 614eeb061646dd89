"""A worker the kernel's out-of-memory killer ended a moment before its supervisor killed it too
(judged silent: a worker short of memory swaps and goes quiet just before the killer comes), its
end not yet seen by asyncio. The supervisor's kill() then took the death for its own: the job was
retried at the size that killed its worker, and the SIGKILL that Popen.send_signal's poll reaped
first could even come back as exit code 255. A kill of a process already ended is no kill."""
import asyncio
import os
import signal
import sys
import time
from types import SimpleNamespace

import pytest

from engine.supervisor import WorkerProcess


def ended_unseen(pid: int, timeout: float = 10.0) -> None:
    """Wait, without letting the event loop run (so asyncio cannot report it), until ``pid`` ended."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
                return
        except ChildProcessError:      # asyncio's watcher thread reaped it; its report is queued
            return
        time.sleep(0.01)
    raise AssertionError(f"process {pid} did not end")


@pytest.mark.skipif(not hasattr(os, "waitid"), reason="no os.waitid here: such an end cannot be told")
async def test_a_sigkill_the_supervisor_sends_to_a_process_already_killed_is_not_its_own():
    worker = WorkerProcess(SimpleNamespace(), "fast", 0, "unused")
    worker.proc = await asyncio.create_subprocess_exec(sys.executable, "-c", "import time; time.sleep(60)")
    try:
        os.kill(worker.proc.pid, signal.SIGKILL)          # the kernel's OOM killer
        ended_unseen(worker.proc.pid)
        assert worker.proc.returncode is None             # asyncio has not seen it end yet
        worker.restart_silent(30)                         # the supervisor's tick, just then
        rc = await asyncio.wait_for(worker.proc.wait(), 10)
        assert rc == -signal.SIGKILL
        assert not worker.killed_here
        killed = worker._why_killed(rc)
        assert killed is not None and killed.for_memory      # its job is retried smaller
    finally:
        if worker.proc.returncode is None:
            worker.proc.kill()
            await worker.proc.wait()


async def test_a_live_worker_the_supervisor_kills_is_its_own_kill():
    """The guard: killed while it lives (frozen, silent), it is not counted as memory."""
    worker = WorkerProcess(SimpleNamespace(), "fast", 0, "unused")
    worker.proc = await asyncio.create_subprocess_exec(sys.executable, "-c", "import time; time.sleep(60)")
    try:
        worker.restart_silent(30)
        rc = await asyncio.wait_for(worker.proc.wait(), 10)
        assert rc == -signal.SIGKILL and worker.killed_here
        killed = worker._why_killed(rc)
        assert not (killed is not None and killed.for_memory)
    finally:
        if worker.proc.returncode is None:
            worker.proc.kill()
            await worker.proc.wait()
