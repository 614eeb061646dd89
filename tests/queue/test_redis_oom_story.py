"""One memory kill of `engine worker --redis`'s painting process, as its operator reads it. It
gave four WARNING lines in the worker's log (the parent's kill, "took over job", "attempt 2 after a
lost worker", "retrying at max_side 181 (crash 1)": counters that disagree), the bot said "its worker
went silent", and the restarted child's /metrics had no count of the restart. Now: at most two
WARNING lines of the job, in the same words; the bot says it ran out of memory and is painted
smaller; the child's /metrics and /healthz count the memory restart. Real redis-server;
memory_hungry_engine.py kills its own process with SIGKILL, and counts it in a fake memory.events
(engine.oom_evidence) as the kernel counts the out-of-memory killer's victims."""
import asyncio
import json
import logging
import re
import urllib.request

import pytest

from tests.queue.conftest import free_port
from tests.queue.test_redis import stop
from tests.queue.test_redis_oom_killed import bot, hungry_worker, photo_job

pytestmark = pytest.mark.slow


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as answer:
        return answer.read().decode()


def lines(stderr: str) -> list[dict]:
    """The worker's JSON log lines (LOG_FORMAT=json)."""
    found = []
    for line in stderr.splitlines():
        try:
            found.append(json.loads(line))
        except ValueError:
            pass
    return found


async def test_one_memory_kill_reads_as_one_story_and_is_counted_in_the_metrics(redis_url, caplog, tmp_path):
    port = free_port()
    events = tmp_path / "memory.events"
    events.write_text("oom 0\noom_kill 0\n")
    worker = hungry_worker(redis_url, 200, METRICS_PORT=str(port),    # 256 px is killed; 181 px fits
                           ENGINE_OOM_KILL_COUNTERS=str(events))
    q = await bot(redis_url)
    try:
        job = photo_job(256, 256)
        with caplog.at_level(logging.INFO, logger="engine.queue"):
            await q.submit(job)
            result = await asyncio.wait_for(q.wait(job.id), 60)
        assert result.ok, result
        # the restarted child's: its own metrics started afresh, the restart's count did not
        metrics = await asyncio.to_thread(fetch, f"http://127.0.0.1:{port}/metrics")
        assert re.search(r"^paintbot_worker_memory_restarts_total 1\.0$", metrics, re.M), metrics[-2000:]
        health = json.loads(await asyncio.to_thread(fetch, f"http://127.0.0.1:{port}/healthz"))
        assert health["memory_restarts"] == 1, health
    finally:
        await q.stop()
        stop([worker])
    said = lines(worker.stderr.read())
    warnings = [line["msg"] for line in said if line["level"] == "WARNING" and job.id in line["msg"]]
    assert len(warnings) == 2, warnings              # the parent's, then the take-over's
    for text in warnings:
        assert text.startswith(f"job {job.id} ran out of memory"), text
        assert "attempt" not in text and "crash" not in text, text
    assert "killed by SIGKILL; memory.events oom_kill went from 0 to 1" in warnings[0], warnings
    assert "next start says what becomes of it" in warnings[0], warnings
    assert "at max_side 256: painting it again at half the pixels, max_side 181" in warnings[1], warnings
    started = [line for line in said if "watching its painting process" in line["msg"]]
    assert len(started) == 1 and started[0]["level"] == "INFO", said
    bot_said = [rec.getMessage() for rec in caplog.records if job.id in rec.getMessage()]
    assert any("ran out of memory" in text and "painted again smaller" in text for text in bot_said), bot_said
    assert not any("went silent" in text for text in bot_said), bot_said
