"""/status listed a job that started over after an engine crash as "starting soon" (곧 그리기
시작해요) while its progress line said "restarting the painting after an engine hiccup…"
(StartedOver). /status says what the line says now, and "starting…" again for a job that never
painted; once its painting runs again, its percent."""
import asyncio

import pytest

from bot.commands import CommandLayer
from bot.messages import t
from engine.queue.base import JobStatus

from tests.bot.conftest import FakeQueue, make_photo
from tests.bot.test_commands import say


class HeldQueue(FakeQueue):
    """Tells the statuses given, then holds the job until released (/status is asked meanwhile)."""

    def __init__(self, states):
        super().__init__()
        self.states = states
        self.told = asyncio.Event()
        self.release = asyncio.Event()

    async def wait(self, job_id, on_status=None):
        for state, progress in self.states:
            await on_status(JobStatus(job_id, state, position=0, progress=progress, eta_seconds=1.0))
        self.told.set()
        await self.release.wait()
        return await super().wait(job_id)


async def status_while_held(settings, store, states, lang) -> tuple[str, CommandLayer]:
    queue = HeldQueue(states)
    layer = CommandLayer(settings, store, queue)
    painting = asyncio.create_task(say(layer, "/style gogh", images=[make_photo()], locale=lang))
    await asyncio.wait_for(queue.told.wait(), 5)
    text = (await say(layer, "/status", locale=lang)).texts[0]
    queue.release.set()
    await asyncio.wait_for(painting, 5)
    return text, layer


@pytest.mark.parametrize("lang,name", [("en", "Vincent van Gogh"), ("ko", "빈센트 반 고흐")])
async def test_status_says_a_job_started_over_after_an_engine_crash(settings, store, lang, name):
    text, layer = await status_while_held(settings, store, [("running", 0.52), ("queued", 0.0)], lang)
    assert text.splitlines()[-1] == t(lang, "running_started_over", style=name), text
    assert not layer.started_over_jobs        # the job over: nothing kept of it


@pytest.mark.parametrize("lang,name", [("en", "Vincent van Gogh"), ("ko", "빈센트 반 고흐")])
async def test_status_of_a_job_that_never_painted_is_not_started_over(settings, store, lang, name):
    text, _ = await status_while_held(settings, store, [("queued", 0.0)], lang)
    assert t(lang, "running_started_over", style=name) not in text, text


async def test_status_of_a_job_painting_again_says_its_percent(settings, store):
    text, _ = await status_while_held(settings, store, [("running", 0.52), ("queued", 0.0), ("running", 0.1)], "en")
    assert text.splitlines()[-1] == t("en", "running", style="Vincent van Gogh", percent=10), text
