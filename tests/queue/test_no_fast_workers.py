"""WORKERS_FAST=0 on the one-host queue was accepted silently, and every ordinary painting then
waited for ever ("the painter is offline for a moment"). The README allows it (hq workers never
take fast jobs), so the start says it once, as a WARNING naming what waits and the way out."""
from __future__ import annotations

import logging

from engine.queue.process import ProcessQueue
from tests.queue.test_process import settings


async def _no_process() -> None:
    """A worker's start, without spawning its process: the queue's own words are under test."""


async def warnings_at_start(caplog, tmp_path, **workers) -> list[str]:
    caplog.clear()
    q = ProcessQueue(settings(tmp_path, **workers))
    for w in q.workers:
        w.start = _no_process
    with caplog.at_level(logging.WARNING, logger="engine.queue"):
        await q.start()
        await q.stop()
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and r.name == "engine.queue"]


async def test_no_fast_worker_is_said_once_with_what_waits_and_the_way_out(tmp_path, caplog):
    said = await warnings_at_start(caplog, tmp_path, workers_fast=0, workers_hq=1)
    assert len(said) == 1, said
    assert "WORKERS_FAST=0" in said[0] and "every painting but /hq" in said[0]
    assert "waits for ever" in said[0] and "set WORKERS_FAST=1" in said[0]


async def test_workers_in_every_lane_or_fast_ones_taking_hq_say_nothing(tmp_path, caplog):
    assert await warnings_at_start(caplog, tmp_path, workers_fast=1, workers_hq=1) == []
    assert await warnings_at_start(caplog, tmp_path / "b", workers_fast=2, workers_hq=0) == []


async def test_no_workers_at_all_keeps_its_own_single_line(tmp_path, caplog):
    said = await warnings_at_start(caplog, tmp_path, workers_fast=0, workers_hq=0)
    assert len(said) == 1 and said[0].startswith("no engine workers (WORKERS_FAST=0 and WORKERS_HQ=0)"), said
