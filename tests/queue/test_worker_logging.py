"""Engine workers' logs: one JSON object per line, whatever a message holds, tracebacks included."""
from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from engine.queue.wire import job_to_dict
from tests.queue.conftest import make_job
from tests.queue.fakes import FakeEngine

ROOT = Path(__file__).resolve().parents[2]
HERE = "tests.queue.test_worker_logging"


class BuggyEngine(FakeEngine):
    def stylize(self, *args, **kwargs):
        raise RuntimeError('engine bug: "bad" state\nsecond line')


def make_chatty_engine():
    """An engine factory that logs awkward text on its way, and whose engine has a bug."""
    logging.getLogger("tests.chatty").warning('a "quoted"\nmulti-line message')
    warnings.warn('a "warning"')
    return BuggyEngine()


def make_no_engine():
    raise RuntimeError('no GPU "here"')


def make_leveled_engine():
    log = logging.getLogger("tests.leveled")
    log.debug("a debug line")
    log.info("an info line")
    return FakeEngine()


def worker(factory: str, **env) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "engine.worker", "--pipe", "--engine-factory", factory],
                            cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT), **env), text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def records(stderr: str) -> list[dict]:
    lines = stderr.splitlines()
    assert lines, "no log lines"
    return [json.loads(line) for line in lines]      # every line, or the test fails here


def test_worker_log_lines_are_json_with_the_traceback_inside():
    proc = worker(f"{HERE}:make_chatty_engine", LOG_LEVEL="INFO")
    try:
        assert json.loads(proc.stdout.readline())["op"] == "ready"
        job = make_job("u", "quick")
        proc.stdin.write(json.dumps({"op": "run", "job": job_to_dict(job)}) + "\n")
        proc.stdin.flush()
        while (msg := json.loads(proc.stdout.readline()))["op"] != "result":
            pass
        assert msg["result"]["error_key"] == "engine_error"
        proc.stdin.write(json.dumps({"op": "drain"}) + "\n")
        proc.stdin.flush()
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    logs = records(err)
    assert {"logger": "tests.chatty", "msg": 'a "quoted"\nmulti-line message'}.items() <= logs[0].items()
    assert any(r["logger"] == "py.warnings" and 'a "warning"' in r["msg"] for r in logs), logs
    [failed] = [r for r in logs if r["msg"] == f"job {job.id} failed"]
    assert failed["level"] == "ERROR" and failed["pid"] == proc.pid
    assert failed["exc"].startswith("Traceback") and failed["exc"].endswith('RuntimeError: engine bug: "bad" state\nsecond line')


def test_a_worker_that_cannot_start_logs_its_traceback_as_json():
    proc = worker(f"{HERE}:make_no_engine")
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    last = records(err)[-1]
    assert last["level"] == "CRITICAL" and last["exc"].endswith('RuntimeError: no GPU "here"')


@pytest.mark.parametrize("level, log_format", [("DEBUG", None), ("WARNING", None), ("DEBUG", "json"), ("WARNING", "JSON")])
async def test_workers_the_bot_starts_log_at_the_level_and_format_of_its_env_file(tmp_path, monkeypatch, capfd,
                                                                                    level, log_format):
    """LOG_LEVEL in .env reached the bot's Settings but not its worker processes (they read only
    the environment, and logged at INFO whatever .env said). And the bot logs plain lines by
    default while its workers wrote JSON into the same terminal: they now log as the bot does
    (LOG_FORMAT, text unless set)."""
    from bot.__main__ import build_queue, setup_logging
    from bot.settings import Settings

    for name in ("LOG_LEVEL", "LOG_FORMAT", "QUEUE_BACKEND", "ENGINE_FACTORY", "WORKERS_FAST", "WORKERS_HQ",
                 "DATA_DIR", "QUEUE_DB"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(f"LOG_LEVEL={level.lower()}\nQUEUE_BACKEND=process\nWORKERS_FAST=1\n"
                                   f"WORKERS_HQ=0\nENGINE_FACTORY={HERE}:make_leveled_engine\n"
                                   + (f"LOG_FORMAT={log_format}\n" if log_format else ""))
    settings = Settings()
    root = logging.getLogger()
    handlers, old_level = root.handlers[:], root.level
    root.handlers = []
    try:
        setup_logging(settings)               # the bot's own lines go to stderr as in `python -m bot`
        q = build_queue(settings)
        await q.start()
        try:
            for _ in range(600):
                if q.workers[0].ready:
                    break
                await asyncio.sleep(0.05)
            assert q.workers[0].ready
        finally:
            await q.stop()
    finally:
        root.handlers, root.level = handlers, old_level
    err = capfd.readouterr().err
    lines = err.splitlines()
    if log_format:
        records = [json.loads(line) for line in lines]       # every line, the bot's own too
        msgs = [r["msg"] for r in records if r["logger"] == "tests.leveled"]
        bots = [r["msg"] for r in records if r["logger"] == "engine.supervisor"]
    else:
        assert not any(line.startswith("{") for line in lines), err      # one format in the terminal
        msgs = [line.split(" tests.leveled: ", 1)[1] for line in lines if " tests.leveled: " in line]
        bots = [line.split(" engine.supervisor: ", 1)[1] for line in lines if " engine.supervisor: " in line]
    if level == "DEBUG":
        assert any(m.startswith("worker ") and " started (pid " in m for m in bots), err
    assert msgs == (["a debug line", "an info line"] if level == "DEBUG" else []), err
