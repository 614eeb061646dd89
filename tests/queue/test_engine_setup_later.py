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
import time
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
    engine refuses "cuda" on a machine without it, each refusal a line in the file GPU_TRIES."""
    if os.path.exists(os.environ["GPU_GONE_FLAG"]):
        with open(os.environ["GPU_TRIES"], "a") as tries:
            tries.write("refused\n")
        raise BadOptionError(detail=GONE)
    return make_engine(device)


def refused(tries_file) -> int:
    return len(tries_file.read_text().splitlines()) if tries_file.exists() else 0


async def test_a_worker_whose_gpu_goes_later_is_retried_said_once_and_its_lane_is_offline(
        tmp_path, monkeypatch, caplog, capfd):
    flag, tries = tmp_path / "gpu-gone", tmp_path / "tries"
    monkeypatch.setenv("GPU_GONE_FLAG", str(flag))
    monkeypatch.setenv("GPU_TRIES", str(tries))
    monkeypatch.setattr(supervisor, "SETUP_RETRY", 0.2)
    # no reminder until the tries without one are seen (below): a worker's start takes from 0.3 s
    # to 4 s on a loaded machine, so no fixed reminder time falls between a known number of tries
    monkeypatch.setattr(supervisor, "SETUP_REMIND_S", 3600.0)
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

        def said():
            return [r for r in caplog.records if r.name == "engine.supervisor" and r.levelname == "ERROR"]

        # tried again, each try unsaid (one line, not the ERROR pair each try)
        await until(lambda: refused(tries) >= 3, timeout=60)
        assert len(said()) == 1, [r.getMessage() for r in said()]
        first = said()[0]
        assert first.getMessage().startswith("worker fast-0 cannot build its engine"), first.getMessage()
        # reminded once SETUP_REMIND_S has passed since it was said, not before: due 1 s from now
        remind_s = time.time() - first.created + 1.0
        monkeypatch.setattr(supervisor, "SETUP_REMIND_S", remind_s)
        await until(lambda: len(said()) >= 2, timeout=remind_s + 30)
        reminder = said()[1]
        assert reminder.getMessage().startswith(
            f"worker fast-0 still cannot build its engine ({GONE} (ENGINE_DEVICE"), reminder.getMessage()
        assert reminder.created - first.created >= remind_s - 0.05
        # and the tries after it are unsaid again until remind_s has passed since the reminder (two
        # tries take less than remind_s, the time of three and a second, unless the load grows a lot:
        # then a third line is right, remind_s after the reminder)
        after = refused(tries)
        await until(lambda: refused(tries) >= after + 2, timeout=60)
        lines = said()
        assert all(r.getMessage().startswith("worker fast-0 still cannot") for r in lines[1:]), lines
        assert all(b.created - a.created >= remind_s - 0.05 for a, b in zip(lines, lines[1:])), \
            [(r.created, r.getMessage()) for r in lines]
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
