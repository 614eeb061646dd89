""""Very busy" and "I'm restarting" are two replies: after "the painter is very busy", an
"I'm restarting, send it again" within QUIET_REFUSALS_S was swallowed (both keyed "busy")."""
from __future__ import annotations

from bot.commands import CommandLayer
from bot.messages import t
from engine.jobs import JobResult
from engine.queue.base import JobStatus

from tests.bot.conftest import FakeQueue, make_photo
from tests.bot.test_commands import say


class Refusing(FakeQueue):
    def __init__(self):
        super().__init__()
        self.reason = "global"

    async def submit(self, job):
        self.jobs.append(job)
        return JobStatus(job.id, "failed")

    async def wait(self, job_id, on_status=None):
        return JobResult(job_id, False, error_key="busy", error_params={"minutes": 3, "reason": self.reason})


async def test_restarting_after_busy_is_said(settings, store):
    queue = Refusing()
    layer = CommandLayer(settings, store, queue, clock=lambda: 1000.0)
    assert (await say(layer, "/gogh", images=[make_photo(seed=1)])).texts == [t("en", "busy", minutes=3)]
    queue.reason = "stopping"
    assert (await say(layer, "/gogh", images=[make_photo(seed=2)])).texts == [t("en", "busy_restarting")]
    assert (await say(layer, "/gogh", images=[make_photo(seed=3)])).texts == []     # said once, as before


