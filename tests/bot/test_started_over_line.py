"""QA: after a worker crash the progress line went from "그리는 중… 52%" back to "곧 그리기
시작해요" with no word of why. A job that waits again after it was painting says so now
("restarting the painting after an engine hiccup…" / "엔진이 잠깐 멈춰서 다시 그리는 중…"),
until its painting starts again; a job waiting before it ever painted says "starting…" as before."""
import pytest

from bot import layer_timing
from bot.commands import CommandLayer
from bot.messages import t
from engine.queue.base import JobStatus

from tests.bot.conftest import FakeQueue
from tests.bot.test_commands import say


class CrashingQueue(FakeQueue):
    """Paints to 52%, loses its worker (the job is queued again, first in line), paints it again."""

    def __init__(self, states):
        super().__init__()
        self.states = states

    async def wait(self, job_id, on_status=None):
        for state, progress in self.states:
            await on_status(JobStatus(job_id, state, position=0, progress=progress, eta_seconds=1.0))
        return await super().wait(job_id)


def lines(out) -> list[str]:
    return [reply.text for _, reply in out.edits]


@pytest.mark.parametrize("lang,name", [("en", "Vincent van Gogh"), ("ko", "빈센트 반 고흐")])
async def test_a_painting_started_over_says_why(settings, store, photo, monkeypatch, lang, name):
    monkeypatch.setattr(layer_timing, "EDIT_INTERVAL_S", 0.0)
    queue = CrashingQueue([("running", 0.52), ("queued", 0.0), ("running", 0.1)])
    out = await say(CommandLayer(settings, store, queue), "/style gogh", images=[photo], locale=lang)
    said = lines(out)
    crashed = said.index(t(lang, "running", style=name, percent=52)) + 1
    assert said[crashed] == t(lang, "running_started_over", style=name), said
    assert said[crashed + 1] == t(lang, "running", style=name, percent=10), said


async def test_waiting_before_painting_is_starting_as_before(settings, store, photo, monkeypatch):
    monkeypatch.setattr(layer_timing, "EDIT_INTERVAL_S", 0.0)
    queue = CrashingQueue([("queued", 0.0), ("running", 0.3)])
    out = await say(CommandLayer(settings, store, queue), "/style gogh", images=[photo], locale="ko")
    assert not any(t("ko", "running_started_over", style="빈센트 반 고흐") == text for text in lines(out) + out.texts)
