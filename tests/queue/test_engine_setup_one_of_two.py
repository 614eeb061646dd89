"""At the bot's start, one worker of a lane that cannot build its engine (its GPU wrong, a
transient failure) while another worker of the lane still loads its own (CUDA: tens of seconds)
does not stop the bot: the lane is served by the other. The bot stops (exit 2) only when every
worker of a lane never served failed its first try; and the workers it stops as they load do not
print their held lines beside its one line."""
from __future__ import annotations

import logging
import os
import time

from engine import supervisor
from engine.errors import BadOptionError
from engine.queue.process import ProcessQueue
from tests.queue.fakes import make_engine
from tests.queue.test_process import settings, until

GONE = "device 'cuda:1': this GPU is gone"


def make_engine_first_fails_other_loads_slowly(device=None):
    """The first worker to build its engine is refused at once; the next loads for 3 s, then paints."""
    try:
        fd = os.open(os.environ["FIRST_WORKER_FLAG"], os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        time.sleep(3.0)
        return make_engine(device)
    os.close(fd)
    raise BadOptionError(detail=GONE)


def make_engine_refused(device=None):
    raise BadOptionError(detail=GONE)


async def test_one_worker_of_two_failing_while_the_other_loads_does_not_stop_the_bot(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("FIRST_WORKER_FLAG", str(tmp_path / "first"))
    caplog.set_level(logging.INFO, logger="engine.supervisor")
    q = ProcessQueue(settings(tmp_path, workers_fast=2, workers_hq=0,
                              engine_factory=f"{__name__}:make_engine_first_fails_other_loads_slowly"))
    told_to_stop: list = []
    q.engine_setup.on_failure_at_start = told_to_stop.append     # as the bot listens
    await q.start()
    try:
        await until(lambda: any(w.ready for w in q.workers), timeout=30)
        await until(lambda: any(w.setup_failed for w in q.workers), timeout=10)
        assert told_to_stop == []                                # the lane is served: no exit 2
        assert q.status()["lanes"]["fast"]["online"]
        said = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
        assert len(said) == 1 and "cannot build its engine" in said[0], said    # the failing one: said
    finally:
        await q.stop()


async def test_every_worker_of_a_lane_failing_stops_the_bot_once_without_their_lines(tmp_path, monkeypatch, capfd):
    monkeypatch.setattr(supervisor, "SETUP_RETRY", 20.0)
    q = ProcessQueue(settings(tmp_path, workers_fast=2, workers_hq=1,
                              engine_factory=f"{__name__}:make_engine_refused"))
    told_to_stop: list = []
    q.engine_setup.on_failure_at_start = told_to_stop.append
    await q.start()
    try:
        await until(lambda: told_to_stop, timeout=30)
    finally:
        started = time.monotonic()
        await q.stop()
    # the waiting failed workers end with the stop (~0.2 s): a wait that ignored it would end only
    # when drain() stops waiting for the worker's task, after 5 s (10 here passed either way)
    assert time.monotonic() - started < 4
    assert len(told_to_stop) == 1 and GONE in told_to_stop[0]
    time.sleep(0.5)                                              # (the writer thread's last lines)
    assert GONE not in capfd.readouterr().err                    # the bot's exit line says it, once
