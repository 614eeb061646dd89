"""ENGINE_OOM_KILL_COUNTERS (engine.oom_evidence: the oom_kill counter files that tell a worker's
out-of-memory kill from another SIGKILL) was read from the real environment only: put in .env, as
every other setting may be, it was ignored without a word, and the worker's typo check did not know
its name. Now it is a QueueSettings field, which the one-host supervisor and the Redis worker's
parent read; set empty (tests/conftest.py) it still means "read none", where an empty setting is
otherwise its default."""
import asyncio
import logging
import os
import signal
from pathlib import Path

from engine.env_file import misspelt_settings
from engine.queue.settings import QueueSettings
from engine.redis_worker_parent import WorkerParent
from tests.queue.test_oom_evidence_redis import killed_once_while_painting
from tests.queue.test_oom_killed_retry import hungry_settings, painted_size, photo_job
from tests.queue.test_process import started, until

ROOT = str(Path(__file__).resolve().parents[2])
NAME = "ENGINE_OOM_KILL_COUNTERS"


def test_it_is_read_from_dotenv_and_empty_means_none(tmp_path, monkeypatch):
    env_file = tmp_path / ".env"
    env_file.write_text(f"{NAME}=/a/memory.events:/b/memory.events\nQUEUE_DB=\n")
    monkeypatch.delenv(NAME)
    assert QueueSettings(_env_file=env_file).engine_oom_kill_counters == "/a/memory.events:/b/memory.events"
    assert QueueSettings(_env_file=None).engine_oom_kill_counters is None        # unset: looked for
    monkeypatch.setenv(NAME, "")                            # the environment's empty: none, over .env's
    assert QueueSettings(_env_file=env_file).engine_oom_kill_counters == ""
    monkeypatch.delenv(NAME)
    env_file.write_text(f"{NAME}=\n")                       # .env's empty: none too, not the default
    assert QueueSettings(_env_file=env_file).engine_oom_kill_counters == ""


def test_the_other_settings_set_empty_still_take_their_defaults(tmp_path, monkeypatch):
    """The source that keeps this setting's empty value hands on this setting alone: another
    setting set empty beside it (METRICS_PORT=, an int) is still its default, in the environment
    and in .env, as env_ignore_empty has it."""
    env_file = tmp_path / ".env"
    monkeypatch.setenv("WORKER_BATCH", "")                   # beside tests/conftest.py's empty NAME
    s = QueueSettings(_env_file=None)
    assert (s.engine_oom_kill_counters, s.worker_batch) == ("", 0)
    monkeypatch.delenv(NAME)
    env_file.write_text(f"{NAME}=\nMETRICS_PORT=\nREDIS_CLAIM_IDLE=\n")
    s = QueueSettings(_env_file=env_file)
    assert (s.engine_oom_kill_counters, s.metrics_port, s.redis_claim_idle) == ("", 0, 30.0)


def test_a_misspelt_name_is_flagged_as_the_others_are(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("ENGINE_OOM_KIL_COUNTERS=/x/memory.events\n")
    assert misspelt_settings(env_file, environ={"ENGINE_OOM_KILL_COUNTER": ""}) == [
        f"{env_file} sets ENGINE_OOM_KIL_COUNTERS, which is no setting: did you mean {NAME}? "
        "(ENGINE_OOM_KIL_COUNTERS is ignored)",
        f"the environment sets ENGINE_OOM_KILL_COUNTER, which is no setting: did you mean {NAME}? "
        "(ENGINE_OOM_KILL_COUNTER is ignored)"]
    env_file.write_text(f"{NAME}=/x/memory.events\n")
    assert misspelt_settings(env_file, environ={NAME: ""}) == []                  # the right name is no typo


async def test_set_in_dotenv_the_one_host_supervisor_reads_its_counter(tmp_path, monkeypatch, caplog):
    """The bot's .env (the working directory's, as the bot reads it) names a fake memory.events;
    the test kills the worker after counting a kill in it: the out-of-memory killer's, painted
    smaller. Unread (the old code), the machine's own counter would be read: unchanged."""
    caplog.set_level(logging.WARNING)
    marker, counters = tmp_path / "frozen", tmp_path / "memory.events"
    counters.write_text("oom 0\noom_kill 0\n")
    (tmp_path / ".env").write_text(f"{NAME}={counters}\n")
    monkeypatch.delenv(NAME)                                 # (tests/conftest.py's empty one)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYTHONPATH", ROOT)                   # the workers start in this directory too
    monkeypatch.setenv("HUNGRY_ENGINE_FITS", "1000")         # it fits: only the test kills it
    monkeypatch.setenv("HUNGRY_ENGINE_FREEZE_MARKER", str(marker))
    q = await started(hungry_settings(tmp_path))
    try:
        job = photo_job(256, 256)
        await q.submit(job)
        await until(lambda: q.workers[0].job_id == job.id and marker.exists())
        counters.write_text("oom 1\noom_kill 1\n")
        os.kill(q.workers[0].pid, signal.SIGKILL)
        result = await asyncio.wait_for(q.wait(job.id), 30)
    finally:
        await q.stop()
    assert painted_size(result) == (181, 181)
    ended = [r.getMessage() for r in caplog.records if "ended with" in r.getMessage()]
    assert len(ended) == 1 and ("ended with signal SIGKILL (the out-of-memory killer: memory.events oom_kill "
                                f"went from 0 to 1) while painting job {job.id}") in ended[0], ended


def test_the_redis_workers_parent_reads_the_counters_it_is_given(tmp_path, caplog):
    """`engine worker` passes its QueueSettings' value (.env included) to its parent; the
    environment's empty one (tests/conftest.py) is not read in its stead."""
    (tmp_path / "memory.events").write_text("oom 0\noom_kill 0\n")
    marked = []
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    try:
        with caplog.at_level(logging.WARNING, logger="engine.worker"):
            status = WorkerParent(killed_once_while_painting(tmp_path, True), dict(os.environ),
                                  lambda ids, likely: marked.append((ids, likely)), "w1", first_wait=0.01,
                                  mark_retry_every=0.05, oom_kill_counters=str(tmp_path / "memory.events")).run()
    finally:
        signal.signal(signal.SIGTERM, before[0])
        signal.signal(signal.SIGINT, before[1])
    assert status == 0 and marked == [(["j1"], False)]       # certain: not "likely"
    [line] = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert "memory.events oom_kill went from 0 to 1" in line, line


def test_engine_worker_hands_its_setting_to_the_parent(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from engine import redis_worker_parent, worker_cli

    given = {}

    class Parent:
        def __init__(self, *args, **kwargs):
            given.update(kwargs)

        def run(self):
            return 0

    monkeypatch.setattr(redis_worker_parent, "WorkerParent", Parent)
    (tmp_path / ".env").write_text(f"{NAME}=/c/memory.events\n")
    monkeypatch.delenv(NAME)
    s = QueueSettings(_env_file=tmp_path / ".env")
    args = SimpleNamespace(name="w1", lanes=["fast"], engine_factory=None, device=None, batch=None)
    assert worker_cli.run_under_parent(args, "redis://127.0.0.1:1/0", s) == 0
    assert given["oom_kill_counters"] == "/c/memory.events"
