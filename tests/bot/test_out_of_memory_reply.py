"""A painting the engine could not fit in memory even once smaller (engine.out_of_memory: its
result is out_of_memory with the last side tried) is said as such, with what to try, in the
user's language: before, it was the generic "something went wrong"."""
from __future__ import annotations

import pytest

from bot.commands import CommandLayer
from bot.messages import t
from engine.jobs import JobResult

from tests.bot.conftest import FakeQueue
from tests.bot.test_commands import say


class RanOutQueue(FakeQueue):
    async def wait(self, job_id, on_status=None):
        return JobResult(job_id, False, error_key="out_of_memory", error_params={"side": 90})


@pytest.mark.parametrize("lang, advice", [("en", "/size small"), ("ko", "/size 작게")])
async def test_out_of_memory_is_said_with_the_side_and_what_to_try(settings, store, photo, lang, advice):
    out = await say(CommandLayer(settings, store, RanOutQueue()), "/gogh", images=[photo], locale=lang)
    text = out.sent[0].text
    assert t(lang, "out_of_memory", side=90) in text and "90 px" in text and advice in text
    assert t(lang, "engine_error") not in text
