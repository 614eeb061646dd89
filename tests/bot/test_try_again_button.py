"""A painting the engine failed ("❌ Vincent van Gogh: Something went wrong while painting your
picture. Please try again.") made the user send the photo again. A "Try again" button is on
the failure's line now (PaintingJobs.retry_offer): tapped, it repaints the same photo with the same
artist and settings, as "Another artist" repaints a painting. None where the photo is kept no
longer, or where trying again cannot help (a refusal that is not the engine's failure)."""
import time

import pytest

from bot.commands import CommandLayer

from bot.messages import t
from bot.store import photo_hash

from tests.bot.conftest import FakeQueue, make_photo
from tests.bot.test_commands import say


def retry_buttons(out) -> list:
    return [b for reply in out.sent for row in reply.buttons or () for b in row
            if b.label in (t("en", "button_retry"), t("ko", "button_retry"))]


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_an_engine_failure_has_a_try_again_button(layer, fake_queue, lang):
    fake_queue.error = "engine_error"
    out = await say(layer, "/style gogh", images=[make_photo(seed=3)], locale=lang)
    failed = fake_queue.jobs[-1]
    line = next(reply for reply in out.sent if t(lang, "engine_error") in reply.text)     # the failure's own line
    assert [[b.label for b in row] for row in line.buttons] == [[t(lang, "button_retry")]]
    button, = retry_buttons(out)
    assert button.label == t(lang, "button_retry")
    assert button.command == f"/style gogh #{failed.id}"


async def test_the_tap_repaints_the_same_photo_with_the_same_settings(layer, fake_queue, settings):
    settings.MAX_SIDE_LIMIT = 1024
    red = make_photo(seed=1)
    await say(layer, "/strength 0.5")
    await say(layer, "/keepcolors on")
    await say(layer, "/size 200")
    await say(layer, "/style monet", images=[make_photo(seed=2)])        # another photo since: not this one
    fake_queue.error = "engine_error"
    out = await say(layer, "/style gogh", images=[red])
    failed = fake_queue.jobs[-1]
    await say(layer, "/style monet", images=[make_photo(seed=4)])        # the user's last photo is another now
    await say(layer, "/strength 1")                  # and their settings changed: the failed job's are kept
    await say(layer, "/keepcolors off")
    fake_queue.error = None
    button, = retry_buttons(out)
    again = await say(layer, button.command)
    job = fake_queue.jobs[-1]
    assert job is not failed and job.image == red and photo_hash(job.image) == photo_hash(red)
    assert [s.value for s in job.styles] == ["gogh"]
    assert (job.alpha, job.preserve_color, job.max_side) == (0.5, True, 200)
    assert any(reply.image for reply in again.sent)


async def test_a_failed_hq_painting_is_tried_again_in_high_quality(layer, fake_queue):
    fake_queue.error = "engine_error"
    out = await say(layer, "/hq gogh", images=[make_photo(seed=5)])
    failed = fake_queue.jobs[-1]
    fake_queue.error = None
    button, = retry_buttons(out)
    await say(layer, button.command)
    job = fake_queue.jobs[-1]
    assert job is not failed and job.method == "gatys" and job.image == failed.image


async def test_a_failed_mix_is_tried_again_as_the_same_mix(layer, fake_queue):
    fake_queue.error = "engine_error"
    out = await say(layer, "/mix gogh 70% monet 30%", images=[make_photo(seed=6)])
    failed = fake_queue.jobs[-1]
    fake_queue.error = None
    button, = retry_buttons(out)
    await say(layer, button.command)
    job = fake_queue.jobs[-1]
    assert job is not failed and job.image == failed.image
    assert [(s.value, round(s.weight, 3)) for s in job.styles] == [(s.value, round(s.weight, 3)) for s in failed.styles]


class ExpiringQueue(FakeQueue):
    """Fails the job after PHOTO_KEEP_DAYS deleted its photo meanwhile."""

    def __init__(self, store):
        super().__init__(error="engine_error")
        self.store = store

    async def wait(self, job_id, on_status=None):
        self.store.forget_photos_before(time.time() + 1)
        return await super().wait(job_id, on_status)


async def test_no_button_when_the_photo_is_gone(settings, store):
    queue = ExpiringQueue(store)
    out = await say(CommandLayer(settings, store, queue), "/style gogh", images=[make_photo(seed=7)])
    assert any(t("en", "engine_error") in text for text in out.texts), out.texts
    assert store.photo_of(queue.jobs[-1].chat_id, queue.jobs[-1].id) is None
    assert retry_buttons(out) == []


async def test_no_button_for_a_refusal_trying_again_cannot_fix(layer, fake_queue):
    fake_queue.error = "image_too_small"
    out = await say(layer, "/style gogh", images=[make_photo(seed=8)])
    assert retry_buttons(out) == []
