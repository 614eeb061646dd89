"""/cancel answers for what the user sent, and what it says is true. Found by an adversarial run
of the web chat: a /preview's nine jobs were counted as "Cancelled 3 paintings" and its grid came
with blank tiles; a photo still being checked when /cancel came was "nothing to cancel", then got
painted."""
from __future__ import annotations

import asyncio
import threading

from bot import commands
from bot.commands import CommandLayer
from bot.messages import t
from engine.queue.memory import InProcessQueue
from tests.queue.fakes import FakeEngine

from .conftest import Recorder, make_photo
from .test_commands import req, say


async def test_a_preview_cancelled_midway_is_one_request_and_sends_no_grid(settings, store, monkeypatch):
    monkeypatch.setattr(commands, "EDIT_INTERVAL_S", 0.0)
    monkeypatch.setenv("FAKE_ENGINE_SECONDS", "0.3")       # each of the nine tiles (fake engine)
    queue = InProcessQueue(FakeEngine)
    await queue.start()
    try:
        layer = CommandLayer(settings, store, queue)
        out = Recorder()
        preview = asyncio.create_task(layer.handle(req("/preview", images=[make_photo(96, 72)]), out))
        for _ in range(200):                                 # a tile or two painted, the rest to come
            if any(r.text == t("en", "running", style="/preview", percent=11) for _, r in out.edits):
                break
            await asyncio.sleep(0.02)
        cancel = await say(layer, "/cancel")
        assert cancel.texts == [t("en", "cancelled_jobs", count=1)]       # one /preview, not its tiles
        await asyncio.wait_for(preview, 30)
        assert not out.images                                # no grid with holes
        assert out.edits[-1][1].text == t("en", "failed", style="/preview", error=t("en", "cancelled"))
    finally:
        await queue.stop()


async def test_a_photo_still_being_checked_is_cancelled_before_it_reaches_the_queue(layer, fake_queue, monkeypatch):
    checking, cancelled = threading.Event(), threading.Event()
    check = commands.check_upload

    def slow_check(*args, **kwargs):                      # a big photo: checked in a thread for a while
        checking.set()
        cancelled.wait(10)
        return check(*args, **kwargs)

    monkeypatch.setattr(commands, "check_upload", slow_check)
    out = Recorder()
    painting = asyncio.create_task(layer.handle(req("/style gogh", images=[make_photo(96, 72)]), out))
    try:
        for _ in range(200):
            if checking.is_set():
                break
            await asyncio.sleep(0.02)
        cancel = await say(layer, "/cancel")
    finally:
        cancelled.set()
    await asyncio.wait_for(painting, 10)
    assert cancel.texts == [t("en", "cancelled_jobs", count=1)]
    assert not fake_queue.jobs and not out.images and not out.sent      # its /cancel answered for it
    later = await say(layer, "/style gogh", images=[make_photo(96, 72)])  # one sent after it paints
    assert len(fake_queue.jobs) == 1 and later.images
