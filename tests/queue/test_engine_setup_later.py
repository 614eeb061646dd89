"""A worker that cannot build its engine (ENGINE_DEVICE=cuda, no CUDA GPU). At the bot's start,
with no worker of its lane ever ready, the bot stops with the worker's one line and exit 2 (it ran,
said "serving", logged the worker's ERROR pair every 35 s, and its users waited on "starting… (about
5 s)" for ever). After a worker has run (a GPU gone since), it is tried again as before, said once
and then reminded of every SETUP_REMIND_S, and its lane is offline: the users waiting read that the
painter is offline, and /healthz says "online": false."""
from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path

import pytest

from engine import supervisor
from engine.errors import BadOptionError
from engine.queue.process import ProcessQueue
from tests.queue.conftest import make_job
from tests.queue.fakes import make_engine
from tests.queue.test_process import settings, until

ROOT = Path(__file__).resolve().parents[2]
GONE = "device 'cuda': this machine has no CUDA GPU (or torch is a CPU build)"


def make_engine_until_the_gpu_is_gone(device=None):
    """The fake engine, until the file named by GPU_GONE_FLAG exists: then refused as the real
    engine refuses "cuda" on a machine without it."""
    if os.path.exists(os.environ["GPU_GONE_FLAG"]):
        raise BadOptionError(detail=GONE)
    return make_engine(device)


async def test_a_worker_whose_gpu_goes_later_is_retried_said_once_and_its_lane_is_offline(
        tmp_path, monkeypatch, caplog, capfd):
    flag = tmp_path / "gpu-gone"
    monkeypatch.setenv("GPU_GONE_FLAG", str(flag))
    monkeypatch.setattr(supervisor, "SETUP_RETRY", 0.5)
    monkeypatch.setattr(supervisor, "SETUP_REMIND_S", 3.0)
    caplog.set_level(logging.INFO, logger="engine.supervisor")
    q = ProcessQueue(settings(tmp_path, workers_hq=0, engine_device="cuda",
                              engine_factory=f"{__name__}:make_engine_until_the_gpu_is_gone"))
    told_to_stop: list = []
    q.engine_setup.on_failure_at_start = told_to_stop.append     # as the bot listens
    [worker] = q.workers
    await q.start()
    try:
        await until(lambda: worker.ready, timeout=30)
        assert q.status()["lanes"]["fast"]["online"]
        flag.touch()
        worker.kill()                                           # its restart finds no GPU
        await until(lambda: worker.setup_failed, timeout=30)
        assert told_to_stop == []                               # it had run: not a setting to stop for
        job = make_job("waiting")
        await q.submit(job)
        seen = []
        waiting = asyncio.create_task(q.wait(job.id, seen.append))
        await until(lambda: seen, timeout=5)
        assert seen[-1].waiting_for == "engine"                 # "the painter is offline for a moment"
        assert q.status()["lanes"]["fast"]["online"] is False
        assert not q.health()["ok"]
        await asyncio.sleep(4.5)                                # ~8 more tries, and one reminder
        said = [r.getMessage() for r in caplog.records if r.name == "engine.supervisor" and r.levelname == "ERROR"]
        assert said[0].startswith("worker fast-0 cannot build its engine") and len(said) == 2, said
        assert said[1].startswith(f"worker fast-0 still cannot build its engine ({GONE} (ENGINE_DEVICE"), said
        worker_lines = [line for line in capfd.readouterr().err.splitlines() if GONE in line]
        assert len(worker_lines) == 1, worker_lines             # the worker's own line: once, not each try
        flag.unlink()                                           # the GPU is back
        assert (await asyncio.wait_for(waiting, 30)).ok
        assert q.status()["lanes"]["fast"]["online"]
    finally:
        await q.stop()


@pytest.mark.slow
async def test_an_engine_that_cannot_start_at_the_bots_start_stops_it_with_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_"))}
    env.update(PYTHONPATH=str(ROOT), DATA_DIR=str(tmp_path / "data"), WEB_PORT="18961", STYLE_TRAINING="false",
               ENGINE_FACTORY="tests.bot.test_operator:make_engine_without_cuda", ENGINE_DEVICE="cuda",
               LOG_LEVEL="WARNING")
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=tmp_path, env=env,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), 60)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    output = out.decode()
    assert proc.returncode == 2 and "Traceback" not in output, output
    assert output.strip().splitlines()[-1] == (
        f"error: the engine workers cannot start: {GONE} (ENGINE_DEVICE, or the worker's --device); fix "
        "ENGINE_DEVICE or ENGINE_FACTORY and start the bot again")
    assert output.count("no CUDA GPU") == 1, output     # not one ERROR line per worker besides
