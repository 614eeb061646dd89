"""What `python -m bot` says while its engine workers (QUEUE_BACKEND=process) start. It said
"serving: the web chat" a second before an engine that cannot start (ENGINE_DEVICE=cuda, no GPU)
made it exit 2; now "serving" says the engine is starting until a worker of each lane is ready, and
then that it is. And the exit line of an engine that cannot start pointed at "the line above",
which LOG_LEVEL=CRITICAL hides (the worker logs its reason at ERROR): it says how to read it."""
from __future__ import annotations

import asyncio
import signal
import sys
import time

import pytest

from bot.__main__ import engine_setup_line
from tests.bot.test_operator import clean_env
from tests.queue.fakes import make_engine

NO_CUDA = "tests.bot.test_operator:make_engine_without_cuda"


def make_engine_in_3_s(device=None):
    """The fake engine, loaded in 3 s (torch and a model: longer on a real host)."""
    time.sleep(3)
    return make_engine(device)


async def bot_output(tmp_path, port: int, stop_on: str | None = None, **settings) -> tuple[int, str]:
    """`python -m bot` to its end (SIGTERM once ``stop_on`` is seen): exit status, stdout and stderr."""
    env = clean_env(tmp_path, WEB_PORT=str(port), QUEUE_BACKEND="process", WORKERS_FAST="1", WORKERS_HQ="1",
                    **settings)
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=tmp_path, env=env,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    lines: list[str] = []
    try:
        async def read():
            async for raw in proc.stdout:
                lines.append(raw.decode())
                if stop_on and stop_on in lines[-1]:
                    proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(read(), 60)
        await asyncio.wait_for(proc.wait(), 30)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    return proc.returncode, "".join(lines)


@pytest.mark.slow
async def test_an_engine_that_cannot_start_was_never_said_to_be_serving(tmp_path):
    rc, output = await bot_output(tmp_path, 18711, ENGINE_FACTORY=NO_CUDA, ENGINE_DEVICE="cuda")
    assert rc == 2, output
    serving = [line for line in output.splitlines() if "serving:" in line]
    assert all(line.endswith("serving: the web chat (the engine is starting: paintings wait until it is ready)")
               for line in serving), output
    assert "the engine is ready" not in output
    assert output.strip().splitlines()[-1].startswith("error: the engine workers cannot start: device 'cuda'")


@pytest.mark.slow
async def test_serving_says_the_engine_is_starting_and_then_that_it_is_ready(tmp_path):
    rc, output = await bot_output(tmp_path, 18712, stop_on="the engine is ready",
                                  ENGINE_FACTORY=f"{__name__}:make_engine_in_3_s")
    assert rc == 0, output
    lines = output.splitlines()
    serving = next(i for i, line in enumerate(lines) if "serving:" in line)
    assert lines[serving].endswith("INFO bot: serving: the web chat (the engine is starting: paintings wait until "
                                   "it is ready)"), output
    ready = [i for i, line in enumerate(lines) if line.endswith("INFO bot: the engine is ready: paintings start")]
    assert len(ready) == 1 and ready[0] > serving, output


@pytest.mark.slow
async def test_at_log_level_critical_the_exit_line_says_how_to_read_the_reason(tmp_path):
    rc, output = await bot_output(tmp_path, 18713, ENGINE_FACTORY=NO_CUDA, ENGINE_DEVICE="cuda", LOG_LEVEL="CRITICAL")
    assert rc == 2, output
    logged = [line for line in output.strip().splitlines() if not line.startswith("Web chat: ")]   # (stdout's)
    assert logged == [                             # nothing above it to point at
        "error: the engine workers cannot start: their reason is logged at ERROR, which LOG_LEVEL=CRITICAL does "
        "not show: start the bot with LOG_LEVEL=ERROR to read it; fix ENGINE_DEVICE or ENGINE_FACTORY and start "
        "the bot again"], output


def test_the_exit_line_never_points_at_a_line_above():
    for level in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        assert "above" not in engine_setup_line(None, level)
    assert engine_setup_line(None, "ERROR") == ("error: the engine workers cannot start: they logged no reason; fix "
                                                "ENGINE_DEVICE or ENGINE_FACTORY and start the bot again")
    assert engine_setup_line("device 'cuda': no GPU", "CRITICAL").startswith(
        "error: the engine workers cannot start: device 'cuda': no GPU; ")
