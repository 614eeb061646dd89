"""Ctrl-C while `python -m bot` starts. In its first ~1.5 s (the imports) it printed a raw
KeyboardInterrupt traceback; while its engine workers were loading it went on starting, said
"serving", and stopped only once they had loaded (9 s after the signal here). Now it stops quietly at
any moment of its start, without waiting for a worker that is still loading its engine."""
from __future__ import annotations

import asyncio
import os
import signal
import sys
import time

import pytest

from tests.bot.test_main import free_port
from tests.bot.test_operator import clean_env
from tests.queue.fakes import make_engine

LOADING_S = 30.0


def make_engine_slowly(device=None):
    """The fake engine, after LOADING_S seconds of loading (a model read from a slow disk, torch's import)."""
    time.sleep(LOADING_S)
    return make_engine(device)


def catches(pid: int, signum: int) -> bool:
    """Whether process ``pid`` has a handler of its own for ``signum`` (Linux: /proc/PID/status)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            caught = next(line for line in status if line.startswith("SigCgt:"))
    except (OSError, StopIteration):
        return False
    return bool(int(caught.split()[1], 16) >> (signum - 1) & 1)


async def bot(tmp_path, **settings):
    env = clean_env(tmp_path, WEB_PORT=str(free_port()), **settings)
    return await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=tmp_path, env=env,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)


async def ended(proc, within: float) -> str:
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), within)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    return out.decode()


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads the signal mask from /proc")
async def test_ctrl_c_while_it_imports_is_one_quiet_line(tmp_path):
    proc = await bot(tmp_path)
    deadline = time.monotonic() + 20
    # Python takes SIGINT from its own start; SIGTERM is caught once the bot's first lines have run,
    # before its imports (the old bot caught it only once its event loop ran, after "serving")
    while not catches(proc.pid, signal.SIGTERM) and time.monotonic() < deadline and proc.returncode is None:
        await asyncio.sleep(0.001)
    proc.send_signal(signal.SIGINT)
    output = await ended(proc, 30)
    assert proc.returncode == 0, output
    assert output.strip().splitlines() == ["stopped before starting"], output


@pytest.mark.slow
async def test_ctrl_c_while_the_workers_load_stops_without_waiting_for_them(tmp_path):
    proc = await bot(tmp_path, QUEUE_BACKEND="process", ENGINE_FACTORY=f"{__name__}:make_engine_slowly",
                     WORKERS_FAST="1", WORKERS_HQ="1", STYLE_TRAINING="false")
    lines = []
    try:
        async def until_serving():
            async for raw in proc.stdout:
                lines.append(raw.decode())
                if "worker hq-0 started" in lines[-1]:
                    return
        await asyncio.wait_for(until_serving(), 60)
    except BaseException:
        proc.kill()
        await proc.wait()
        raise
    await asyncio.sleep(0.5)                   # loading (for LOADING_S)
    signalled = time.monotonic()
    proc.send_signal(signal.SIGINT)
    output = "".join(lines) + await ended(proc, LOADING_S)
    took = time.monotonic() - signalled
    assert proc.returncode == 0 and "Traceback" not in output, output
    assert took < 10, (took, output)           # not once the workers have loaded (LOADING_S)
    assert output.rstrip().endswith("INFO bot: stopped"), output
