"""/status listed no line for a /preview under way: its nine tiles share one place among the
user's paintings, whose key is no job's id (no status kept under it). It says how many of the
tiles are painted now, in English and Korean, and nothing once the grid is done."""
from __future__ import annotations

import asyncio

import pytest

from bot.commands import CommandLayer
from bot.messages import t

from tests.bot.conftest import Recorder, make_photo
from tests.bot.test_commands import req, say
from tests.bot.test_preview_slot import TileQueue, until


@pytest.mark.parametrize("command,lang", [("/preview", "en"), ("/preview", "ko"), ("/미리보기", "ko")])
async def test_status_counts_a_previews_painted_tiles(settings, store, command, lang):
    queue = TileQueue()
    layer = CommandLayer(settings, store, queue)
    painting = asyncio.create_task(layer.handle(req(command, images=[make_photo()], locale=lang), Recorder()))
    try:
        await until(lambda: len(queue.jobs) == 9)
        for job in queue.jobs[:4]:
            queue.release[job.id].set()
        await until(lambda: len(queue.open) == 5)
        await asyncio.sleep(0.05)
        lines = (await say(layer, "/status", locale=lang)).texts[0].split("\n")
        assert lines[1:] == [t(lang, "status_preview", style=command, done=4, total=9)], lines
    finally:
        for event in queue.release.values():
            event.set()
        await painting
    lines = (await say(layer, "/status", locale=lang)).texts[0].split("\n")
    assert lines[1:] == [], lines                       # the grid is sent: nothing under way
