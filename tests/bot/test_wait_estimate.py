"""QA: the first /hq after a start said "waiting in line (position 1, about 120 s)" with the queue
empty (it started 0.6 s later and took 37 s), and /status right after a restart said "about 5.0 s"
a painting against 0.3-0.7 s before it. A job first in line with an engine free says that it
starts, with the painting's own time; the queue's typical times start from the history's."""
from __future__ import annotations

import time

from bot.commands import CommandLayer
from bot.messages import t
from engine.queue.base import JobStatus
from engine.queue.scheduler import ServiceTimes

from tests.bot.conftest import FakeQueue, Recorder
from tests.bot.test_commands import req


class TimedQueue(FakeQueue):
    """As the process and Redis queues answer: a typical time per lane (ServiceTimes, their
    defaults 5 s and 120 s), one slot a lane, ``busy`` lanes painting someone else's job."""

    def __init__(self, busy=()):
        super().__init__()
        self.times = ServiceTimes()
        self.busy = set(busy)

    async def submit(self, job):
        self.jobs.append(job)
        return JobStatus(job.id, "queued", position=0, eta_seconds=round(self.times.mean[job.lane], 1))

    def status(self):
        lanes = {lane: {"waiting": 0, "running": int(lane in self.busy), "slots": 1,
                        "mean_seconds": round(self.times.mean[lane], 3)} for lane in ("fast", "hq")}
        return {"waiting": 0, "running": len(self.busy), "mean_seconds": self.times.mean["fast"], "lanes": lanes}


class FirstLines(Recorder):
    """Keeps each message as first sent (a progress line is edited later)."""

    def __init__(self):
        super().__init__()
        self.first: list[str] = []

    async def send(self, reply):
        self.first.append(reply.text)
        return await super().send(reply)


def record(store, method: str, seconds: float, ok: bool = True, command: str = "/style gogh") -> None:
    store.record_job(id=f"{method}-{seconds}-{time.monotonic_ns()}", user_id="tg:1", chat_id="tg:1", platform="tg",
                     command=command, method=method, alpha=1.0, max_side=128, styles=[], created=time.time(),
                     seconds=seconds, paint_seconds=seconds, ok=ok, error_key=None)     # (no wait: rlay22)


async def first_line(layer, text, photo, lang="en") -> str:
    out = FirstLines()
    await layer.handle(req(text, images=[photo], locale=lang), out)
    return out.first[0]


async def test_an_empty_queue_promises_no_wait_in_line(settings, store, photo):
    layer = CommandLayer(settings, store, TimedQueue())
    for lang in ("en", "ko"):
        line = await first_line(layer, "/hq gogh", photo, lang)
        label = layer.catalog.get("gogh").name(lang)
        two_minutes = {"en": "2 min", "ko": "2분"}[lang]        # 120 s (chat.duration_text)
        assert line == t(lang, "starting", style=label, eta=two_minutes), line
        assert t(lang, "queued", style=label, position=1, eta=two_minutes) != line


async def test_a_busy_engine_is_still_a_wait_in_line(settings, store, photo):
    layer = CommandLayer(settings, store, TimedQueue(busy={"hq"}))
    line = await first_line(layer, "/hq gogh", photo)
    assert line == t("en", "queued", style=layer.catalog.get("gogh").name("en"), position=1, eta="2 min"), line


async def test_typical_times_start_from_the_history_after_a_restart(settings, store, photo):
    for seconds in (0.3, 0.5, 0.7, 40.0):        # one long wait in line among them
        record(store, "adain", seconds)
    record(store, "adain", 90.0, ok=False)      # a failure's time is none
    record(store, "adain", 30.0, command="/preview")    # a whole grid's time
    record(store, "gatys", 37.0)
    queue = TimedQueue()
    layer = CommandLayer(settings, store, queue)
    assert queue.times.mean == {"fast": 0.6, "hq": 37.0}
    out = Recorder()
    await layer.handle(req("/status"), out)
    assert "about 1 s" in out.texts[0], out.texts        # 0.6 s: below a second, an estimate says 1 s
    line = await first_line(layer, "/hq gogh", photo)
    assert "about 37 s" in line, line


async def test_times_the_queue_has_seen_are_not_replaced(settings, store):
    record(store, "adain", 0.5)
    queue = TimedQueue()
    queue.times.add("fast", 2.0)
    CommandLayer(settings, store, queue)
    assert queue.times.mean == {"fast": 2.0, "hq": 120.0}


async def test_no_history_keeps_the_queues_first_guesses(settings, store):
    queue = TimedQueue()
    CommandLayer(settings, store, queue)
    assert queue.times.mean == {"fast": 5.0, "hq": 120.0} and not queue.times.seen

