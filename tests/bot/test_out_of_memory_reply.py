"""A painting the engine could not fit in memory even once smaller (engine.out_of_memory: its
result is out_of_memory with the last side tried and a smaller /size to ask for) is said as such,
with what to try, in the user's language: before, it was the generic "something went wrong".
The advice is a size below the one that failed: "/size small" (384 px) was above the 362 px a
default 512 px painting had failed at."""
from __future__ import annotations

import re

import pytest

from bot.commands import CommandLayer
from bot.messages import t
from bot.settings import Settings
from engine.errors import EngineError
from engine.jobs import JobResult
from engine.out_of_memory import painted_within_memory

from tests.bot.conftest import FakeQueue
from tests.bot.test_commands import say

PHONE_PHOTO = (4000, 3000)


class RanOutQueue(FakeQueue):
    """Each job runs out of memory at its size and again smaller, answered as run_job answers it
    (engine.out_of_memory) for a photo of ``photo_size``."""

    def __init__(self, photo_size=PHONE_PHOTO):
        super().__init__()
        self.photo_size = photo_size

    async def wait(self, job_id, on_status=None):
        job = next(j for j in self.jobs if j.id == job_id)

        def paint(side):
            raise MemoryError()

        try:
            painted_within_memory(paint, self.photo_size, job.max_side, job.id)
        except EngineError as exc:
            return JobResult(job_id, False, error_key=exc.key, error_params=exc.params)
        raise AssertionError("painted_within_memory painted")


@pytest.fixture
def default_size(tmp_path) -> Settings:
    """The bot's own default size (MAX_SIDE 512), not the tests' tiny one."""
    return Settings(_env_file=None, DATA_DIR=tmp_path / "data", MAX_SIDE=512, RATE_LIMIT_JOBS=50,
                    ADMIN_USER_IDS="tg:1000", TELEGRAM_TOKEN=None, DISCORD_TOKEN=None)


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_out_of_memory_suggests_a_size_below_the_one_that_failed(default_size, photo, lang):
    from bot.store import Store

    store = Store(default_size.DATA_DIR)
    try:
        layer = CommandLayer(default_size, store, RanOutQueue())
        text = (await say(layer, "/gogh", images=[photo], locale=lang)).sent[0].text
        assert layer.queue.jobs[0].max_side == 512
        failed = int(512 / 2 ** 0.5)            # the retry's side: half the pixels
        suggested = int(re.search(r"/size (\d+)", text).group(1))
        assert t(lang, "out_of_memory", side=failed, smaller=suggested) in text
        assert suggested < failed and t(lang, "engine_error") not in text
        said = (await say(layer, f"/size {suggested}", locale=lang)).sent[0].text      # the advice works
        assert said == t(lang, "size_done", value=suggested)
    finally:
        store.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_picture_at_its_smallest_is_told_to_come_back_later_with_no_size_to_try(settings, store, photo,
                                                                                       lang):
    layer = CommandLayer(settings, store, RanOutQueue(photo_size=(60, 45)))
    text = (await say(layer, "/gogh", images=[photo], locale=lang)).sent[0].text
    assert t(lang, "out_of_memory_smallest", side=60) in text
    assert "/size" not in text and "?" not in text and t(lang, "engine_error") not in text


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_suggested_size_under_the_least_size_takes_is_not_offered(default_size, photo, lang):
    """A user on /size 160 whose painting runs out at 160 and again at 113 would be told "/size 64",
    which /size refuses (its least is 128): told to come back later instead."""
    from bot.store import Store

    store = Store(default_size.DATA_DIR)
    try:
        layer = CommandLayer(default_size, store, RanOutQueue())
        await say(layer, "/size 160", locale=lang)
        text = (await say(layer, "/gogh", images=[photo], locale=lang)).sent[0].text
        assert layer.queue.jobs[0].max_side == 160
        assert "/size" not in text and t(lang, "engine_error") not in text
        assert t(lang, "out_of_memory_smallest", side=int(160 / 2 ** 0.5)) in text
    finally:
        store.close()
