"""The waiting and starting lines said their estimate through round() before duration_text: a
time that is no number (inf, NaN from an empty mean) raised there, so the line was never sent
(26f07ac made /status say such a time, not these lines), and 60.5 s was rounded to even ("1 min")
where duration_text rounds halves up ("1 min 1 s")."""
from __future__ import annotations

import math

import pytest

from bot.commands import CommandLayer
from bot.messages import t
from engine.queue.base import JobStatus

from tests.bot.test_wait_estimate import TimedQueue, first_line


class EtaQueue(TimedQueue):
    def __init__(self, eta, busy=()):
        super().__init__(busy)
        self.eta = eta

    async def submit(self, job):
        self.jobs.append(job)
        return JobStatus(job.id, "queued", position=0, eta_seconds=self.eta)


@pytest.mark.parametrize("busy", [(), ("hq",)], ids=["starting", "queued"])
async def test_a_half_second_estimate_rounds_up_as_duration_text_does(settings, store, photo, busy):
    layer = CommandLayer(settings, store, EtaQueue(60.5, busy))
    line = await first_line(layer, "/hq gogh", photo)
    assert "1 min 1 s" in line, line


@pytest.mark.parametrize("eta", [math.nan, math.inf])
@pytest.mark.parametrize("busy", [(), ("hq",)], ids=["starting", "queued"])
async def test_an_estimate_that_is_no_number_still_sends_the_line(settings, store, photo, eta, busy):
    layer = CommandLayer(settings, store, EtaQueue(eta, busy))
    line = await first_line(layer, "/hq gogh", photo)
    label = layer.catalog.get("gogh").name("en")
    key = "queued" if busy else "starting"
    assert line.startswith(t("en", key, style=label, position=1, eta="\x00").split("\x00")[0]), line
