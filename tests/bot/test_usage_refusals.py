"""`python -m bot usage` counted the queue's refusals at the door (a jobs row with ok=0 and
error_key "busy": the queue full, or the bot restarting) as failed jobs, and their near-zero
seconds in the mean. They are counted apart now (refused_busy), out of jobs, failed and
mean_seconds; the refused users are still among the users."""
from __future__ import annotations

import json
import time

from bot.store import Store

from tests.bot.test_main import _usage


def record(store: Store, job: str, user: str, seconds: float, ok: bool, error_key: str | None) -> None:
    store.record_job(id=job, user_id=user, chat_id=user, platform="tg", command="/style gogh", styles=["gogh"],
                     method="adain", alpha=1.0, max_side=512, created=time.time(), seconds=seconds, ok=ok,
                     error_key=error_key)


def test_busy_refusals_are_counted_apart_from_failed_jobs(tmp_path):
    store = Store(tmp_path / "data")
    record(store, "painted", "tg:1", 4.0, True, None)
    record(store, "failed", "tg:1", 10.0, False, "engine_error")
    record(store, "full", "tg:2", 0.01, False, "busy")           # the queue was full
    record(store, "restarting", "tg:3", 0.02, False, "busy")     # the bot was restarting
    assert store.usage() == {"jobs": 2, "users": 3, "failed": 1, "mean_seconds": 7.0, "refused_busy": 2}
    store.close()
    r = _usage(tmp_path, tmp_path / "data", "30")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"jobs": 2, "users": 3, "failed": 1, "mean_seconds": 7.0, "refused_busy": 2}


def test_only_refusals_make_no_job_and_no_mean(tmp_path):
    store = Store(tmp_path / "data")
    record(store, "full", "tg:2", 0.01, False, "busy")
    assert store.usage() == {"jobs": 0, "users": 1, "failed": 0, "mean_seconds": 0.0, "refused_busy": 1}
    store.close()
