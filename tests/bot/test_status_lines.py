"""/status said "a painting takes about nan s" when the queue's typical time was no number (NaN,
inf: a mean poisoned by one bad time), and a waiting line "about nan s"; it says there is no
estimate yet now, in English and Korean. And a painting's line in /status is of a painting
still under way: a finished, failed or cancelled one's last status (told just before its result,
or by a queue's late callback) was listed as "painting… 100%"."""
from __future__ import annotations

import asyncio
import math

import pytest

from bot.chat import duration_text
from bot.commands import CommandLayer
from bot.messages import t
from engine.queue.base import JobResult, JobStatus

from tests.bot.conftest import FakeQueue, Recorder
from tests.bot.test_commands import req, say
from tests.bot.test_wait_estimate import TimedQueue, first_line

NO_NUMBER = [math.nan, math.inf, -math.inf]


@pytest.mark.parametrize("mean", NO_NUMBER)
@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_status_with_no_typical_time_says_there_is_no_estimate(layer, fake_queue, mean, lang):
    fake_queue.status = lambda: {"waiting": 2, "running": 1, "mean_seconds": mean}
    text = (await say(layer, "/status", locale=lang)).texts[0]
    assert "nan" not in text.lower() and "inf" not in text.lower(), text
    assert text == t(lang, "queue_status_no_estimate", waiting=2, running=1, mine=0), text


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_status_without_any_typical_time_says_no_estimate_not_zero(layer, fake_queue, lang):
    fake_queue.status = lambda: {"waiting": 0, "running": 0}
    text = (await say(layer, "/status", locale=lang)).texts[0]
    assert text == t(lang, "queue_status_no_estimate", waiting=0, running=0, mine=0), text


class HqQueue(FakeQueue):
    """A queue with lanes; the user's hq painting waits in it while /status is asked."""

    def __init__(self, fast: float, hq: float):
        super().__init__()
        self.fast, self.hq = fast, hq
        self.release = asyncio.Event()

    async def wait(self, job_id, on_status=None):
        await self.release.wait()
        return await super().wait(job_id)

    def status(self):
        lanes = {"fast": {"mean_seconds": self.fast}, "hq": {"mean_seconds": self.hq}}
        return {"waiting": 0, "running": 1, "mean_seconds": self.fast, "lanes": lanes}


@pytest.mark.parametrize("fast,hq,key", [(4.0, math.nan, "queue_status"), (math.nan, 120.0, "queue_status_hq"),
                                         (math.nan, math.inf, "queue_status_no_estimate")])
@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_status_of_both_lanes_leaves_out_the_lane_without_a_time(settings, store, photo, fast, hq, key, lang):
    queue = HqQueue(fast, hq)
    layer = CommandLayer(settings, store, queue)
    paintings = [asyncio.create_task(layer.handle(req(text, images=[photo], locale=lang), Recorder()))
                 for text in ("/hq gogh", "/style monet")]
    try:
        for _ in range(100):
            if len(queue.jobs) == 2:
                break
            await asyncio.sleep(0.01)
        text = (await say(layer, "/status", locale=lang)).texts[0].split("\n")[0]
        assert text == t(lang, key, waiting=0, running=1, mine=2, seconds=duration_text(lang, 4.0),
                         hq_seconds=duration_text(lang, 120.0)), text
    finally:
        queue.release.set()
        await asyncio.gather(*paintings)


class NoTimeQueue(TimedQueue):
    """Its typical times are no number; a job's own estimate too."""

    def __init__(self, mean, busy=()):
        super().__init__(busy)
        self.times.mean = {"fast": mean, "hq": mean}

    async def submit(self, job):
        self.jobs.append(job)
        return JobStatus(job.id, "queued", position=0, eta_seconds=self.times.mean[job.lane])


@pytest.mark.parametrize("mean", NO_NUMBER)
@pytest.mark.parametrize("busy,key", [((), "starting_no_estimate"), (("hq",), "queued_no_estimate")],
                         ids=["starting", "queued"])
@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_waiting_line_without_any_time_leaves_the_time_out(settings, store, photo, mean, busy, key, lang):
    layer = CommandLayer(settings, store, NoTimeQueue(mean, busy))
    line = await first_line(layer, "/hq gogh", photo, lang)
    assert line == t(lang, key, style=layer.catalog.get("gogh").name(lang), position=1), line


def test_duration_text_never_says_nan():
    for lang in ("en", "ko"):
        for seconds in NO_NUMBER:
            said = duration_text(lang, seconds)
            assert said == t(lang, "duration_unknown") and "nan" not in said and "inf" not in said, said


class FinalStatusQueue(FakeQueue):
    """Tells a job's final status (done, failed, cancelled) before its result, as a queue whose
    state changes before the job's future does; holds the result until ``release``."""

    def __init__(self, final: str):
        super().__init__()
        self.final = final
        self.told = asyncio.Event()
        self.release = asyncio.Event()
        self.callbacks = []

    async def wait(self, job_id, on_status=None):
        self.callbacks.append(on_status)
        await on_status(JobStatus(job_id, "running", position=0, progress=0.5))
        await on_status(JobStatus(job_id, self.final, position=0, progress=1.0))
        self.told.set()
        await self.release.wait()
        return JobResult(job_id, self.final == "done", image=b"x" if self.final == "done" else None,
                         error_key=None if self.final == "done" else self.final, seconds=0.01)


def painting_lines(text: str, layer) -> list[str]:
    label = layer.catalog.get("gogh").name("en")
    return [line for line in text.split("\n")[1:] if label in line]


@pytest.mark.parametrize("final", ["done", "failed", "cancelled"])
async def test_status_does_not_list_a_painting_that_is_over(settings, store, photo, final):
    queue = FinalStatusQueue(final)
    layer = CommandLayer(settings, store, queue)
    painting = asyncio.create_task(layer.handle(req("/style gogh", images=[photo]), Recorder()))
    try:
        await asyncio.wait_for(queue.told.wait(), 5)
        text = (await say(layer, "/status")).texts[0]
        assert painting_lines(text, layer) == [], text          # over, its result on the way
    finally:
        queue.release.set()
        await painting


async def test_a_late_status_after_the_result_is_not_listed(settings, store, photo):
    queue = FinalStatusQueue("done")
    queue.release.set()
    layer = CommandLayer(settings, store, queue)
    await say(layer, "/style gogh", images=[photo])
    [on_status] = queue.callbacks
    await on_status(JobStatus(queue.jobs[0].id, "running", position=0, progress=0.9))    # told after the result
    text = (await say(layer, "/status")).texts[0]
    assert painting_lines(text, layer) == [] and not layer.shown, text


async def test_a_painting_under_way_is_still_listed(settings, store, photo):
    queue = FinalStatusQueue("done")
    queue.final = "running"          # its second status: still painting
    layer = CommandLayer(settings, store, queue)
    painting = asyncio.create_task(layer.handle(req("/style gogh", images=[photo]), Recorder()))
    try:
        await asyncio.wait_for(queue.told.wait(), 5)
        text = (await say(layer, "/status")).texts[0]
        assert painting_lines(text, layer) == [t("en", "running", style=layer.catalog.get("gogh").name("en"),
                                                 percent=100)], text
    finally:
        queue.release.set()
        await painting
