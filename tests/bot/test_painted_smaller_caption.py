"""A painting the server's memory made smaller (the engine painting it again at half the pixels,
engine.out_of_memory; or the queue retrying a job whose worker the OOM killer ended) says so
under its caption, in the user's language: it came 362 px after "/size 512" with no word, and
looked like /size was broken. Not a painting as small as its photo (never upscaled), nor /hq's
capped by HQ_MAX_SIDE: those are the size they were to be."""
from __future__ import annotations

import io
import time

import pytest
from PIL import Image

from bot.commands import CommandLayer
from bot.messages import t
from bot.painted_size import painted_smaller
from bot.images import fit_size
from engine.jobs import Job, JobResult, StyleRef
from engine.out_of_memory import painted_within_memory

from tests.bot.conftest import FakeQueue, make_photo
from tests.bot.test_commands import say

ASKED = 512
SHORT = int(ASKED / 2 ** 0.5)       # engine.out_of_memory.smaller_side: half the pixels


def jpeg_of(size: tuple[int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (120, 80, 40)).save(buf, "JPEG")
    return buf.getvalue()


class PaintingQueue(FakeQueue):
    """Paints each job as run_job sizes it: its photo fitted to its max_side, or (short of memory)
    out of memory there and painted again smaller (painted_within_memory, the engine's rule)."""

    def __init__(self, short_of_memory: bool):
        super().__init__()
        self.short_of_memory = short_of_memory

    async def wait(self, job_id, on_status=None):
        job = next(j for j in self.jobs if j.id == job_id)
        with Image.open(io.BytesIO(job.image)) as im:
            photo_size = im.size

        def paint(side):
            if self.short_of_memory and side == job.max_side:
                raise MemoryError()
            return fit_size(photo_size, side)

        painted = painted_within_memory(paint, photo_size, job.max_side, job.id)
        return JobResult(job_id, True, image=jpeg_of(painted), seconds=0.01)


def caption(out) -> str:
    return next(r.text for r in out.sent if r.image)


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_painting_made_smaller_for_memory_says_so(settings, store, lang):
    layer = CommandLayer(settings, store, PaintingQueue(short_of_memory=True))
    await say(layer, f"/size {ASKED}", locale=lang)
    out = await say(layer, "/style gogh", images=[make_photo(800, 600)], locale=lang)
    assert layer.queue.jobs[0].max_side == ASKED
    text = caption(out)
    assert text.endswith("\n" + t(lang, "painted_smaller_for_memory", side=SHORT, asked=ASKED)), text
    assert text.startswith(t(lang, "result_caption", style=layer.queue.jobs[0].meta["label"]))


async def test_a_photo_smaller_than_its_size_is_painted_at_its_own_and_says_nothing(settings, store):
    """A guard: a 96 px photo at /size 512 is painted at 96 px (never upscaled), not "short of memory"."""
    layer = CommandLayer(settings, store, PaintingQueue(short_of_memory=False))
    await say(layer, f"/size {ASKED}")
    out = await say(layer, "/style gogh", images=[make_photo(96, 72)])
    assert caption(out) == t("en", "result_caption", style=layer.queue.jobs[0].meta["label"])


async def test_hq_capped_by_its_own_size_says_nothing(settings, store):
    """A guard: /hq after /size 512 paints at HQ_MAX_SIDE (64 here) as it always does."""
    layer = CommandLayer(settings, store, PaintingQueue(short_of_memory=False))
    await say(layer, f"/size {ASKED}")
    out = await say(layer, "/hq gogh", images=[make_photo(800, 600)])
    assert layer.queue.jobs[0].max_side == settings.HQ_MAX_SIDE
    text = caption(out)
    assert text and "\n" not in text and str(settings.HQ_MAX_SIDE) not in text, text


@pytest.mark.parametrize("image_kept", [True, False])
async def test_a_painting_delivered_after_a_restart_says_so_too(settings, store, image_kept):
    """Its job as the journal hands it back: retried smaller (its max_side the smaller one, the
    size asked in its meta), its photo either still carried or dropped once painted (then read
    from the store, under the meta's photo hash)."""
    queue = PaintingQueue(short_of_memory=False)
    layer = CommandLayer(settings, store, queue)
    photo = make_photo(800, 600)
    digest = store.save_photo("tg:1", photo, "tg:1")
    job = Job(user_id="tg:1", chat_id="tg:1", image=photo, styles=[StyleRef("artist", "gogh")],
              method="auto", max_side=SHORT, created=time.time() - 1,
              meta={"lang": "ko", "label": "Vincent van Gogh", "command": "/style gogh", "photo": digest,
                    "asked_side": ASKED})
    queue.jobs.append(job)
    if not image_kept:
        painted = await queue.wait(job.id)
        job.image = b""
        queue.wait = _answers(painted)
    delivered = []

    async def deliver(chat_id, replies, **kw):
        delivered.extend(replies)

    await layer.resume(job, deliver)
    text = next(r.text for r in delivered if r.image)
    assert text.endswith("\n" + t("ko", "painted_smaller_for_memory", side=SHORT, asked=ASKED)), text


def _answers(result):
    async def wait(job_id, on_status=None):
        return result
    return wait


@pytest.mark.parametrize("photo,painting,max_side,said", [
    ((4000, 3000), (362, 272), 512, (362, 512)),     # retried at half the pixels
    ((4000, 3000), (512, 384), 512, None),           # as asked
    ((4000, 3000), (508, 381), 512, None),           # rounding (a draft decode, a crop): not a retry
    ((300, 200), (300, 200), 512, None),             # its photo's own size
    ((300, 200), (212, 141), 512, (212, 300)),       # its photo's own size, then half the pixels
    ((10000, 400), (2560, 102), 512, None),          # a panorama keeps a wider short side (fit_size)
    ((10000, 400), (1810, 72), 512, (1810, 2560)),   # ... and said at that side when retried
])
def test_painted_smaller_against_the_size_the_photo_is_painted_at(photo, painting, max_side, said):
    assert painted_smaller(jpeg_of(photo), jpeg_of(painting), max_side) == said


def test_a_size_that_cannot_be_read_says_nothing():
    assert painted_smaller(b"not a picture", jpeg_of((100, 100)), 512) is None
    assert painted_smaller(jpeg_of((800, 600)), b"", 512) is None
    assert painted_smaller(None, jpeg_of((100, 100)), 512) is None
    assert painted_smaller(jpeg_of((800, 600)), jpeg_of((100, 100)), "big") is None
