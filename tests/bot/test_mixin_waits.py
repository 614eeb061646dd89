"""CommandLayer's ordering of requests lives in bot/request_order.py, and its painting of jobs in
bot/painting_jobs.py (mixins), but their waits are bot/layer_timing.py's, read from there when
used: the tests shorten them there (monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", ...)), and a
copy read from the mixin's own module would leave every such patch silently doing nothing."""
from __future__ import annotations

import asyncio

from bot import layer_timing
from bot.chat import Request

from tests.bot.conftest import make_photo
from tests.bot.test_commands import say


async def test_a_message_waits_for_an_earlier_one_only_as_long_as_layer_timing_says(layer, monkeypatch):
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 0.05)
    first = layer.arrive("tg:1", "tg:1", "/size 128")       # still with its front-end: never ready
    later = Request("tg", "tg:1", "tg:1", text="/status")
    later.seq = layer.arrive("tg:1", "tg:1", "/status")
    # (ORDER_WAIT_S as set here, 10 s as the module has it: the wait_for would give up first)
    await asyncio.wait_for(layer._after_earlier(later), timeout=5)
    assert not layer._in_flight[first].ready.is_set()        # it waited for it, and gave up
    layer.left(first)
    layer.left(later.seq)


def test_a_settings_text_is_known_user_wide_as_it_arrives(layer):
    """arrive reads bot/request_kinds.py's USER_WIDE_TEXT: a "/크기 128" (/size) orders across chats."""
    seq = layer.arrive("tg:1", "tg:1", "/크기 128")
    assert layer._in_flight[seq].user_wide and layer._in_flight[seq].settled.is_set()
    other = layer.arrive("tg:1", "tg:1", "/style gogh")
    assert layer._in_flight[other].user_wide is False


async def test_a_paintings_progress_line_edits_as_often_as_layer_timing_says(layer, monkeypatch):
    """run_job (bot/painting_jobs.py) reads EDIT_INTERVAL_S from bot/layer_timing.py: the end-to-end
    tests set it to 0 there so that every status is shown."""
    from bot import painting_jobs
    from bot.progress import ProgressLine

    intervals = []

    class Watched(ProgressLine):
        def __init__(self, edit, interval, *args, **kw):
            intervals.append(interval)
            super().__init__(edit, interval, *args, **kw)

    monkeypatch.setattr(painting_jobs, "ProgressLine", Watched)
    monkeypatch.setattr(layer_timing, "EDIT_INTERVAL_S", 0.0)
    out = await say(layer, "/style gogh", images=[make_photo()])
    assert intervals == [0.0]
    assert out.images, out.texts            # (painted: the line was that painting's)
