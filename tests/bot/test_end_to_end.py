"""The command layer with the real engine behind the in-process queue: community styles described
by the engine, /hq with progress and /cancel, /preview's grid, /mix."""
from __future__ import annotations

import asyncio
import io
import threading

import numpy as np
import pytest
from PIL import Image

from bot.messages import t

from tests.bot.conftest import Recorder, make_photo
from tests.bot.test_commands import req, say


@pytest.mark.slow
async def test_addstyle_then_paint_with_it(real_layer, store):
    paintings = [make_photo(96, 96, seed=s) for s in (1, 2)]
    out = await say(real_layer, "/addstyle Stripes", images=paintings, user="web:a", chat="web:a",
                    community="web:local", admin=True)
    assert "Added the style “Stripes” from 2 paintings" in out.sent[0].text, out.texts
    style = store.find_style("web:local", "stripes")
    from engine.descriptors import StyleDescriptor
    desc = StyleDescriptor.load(store.style_path(style))
    assert desc.mean_std("relu4_1")[0].numel() == 512
    out = await say(real_layer, "/style stripes", images=[make_photo(128, 96)], user="web:b", chat="web:b",
                    community="web:local")
    assert Image.open(io.BytesIO(out.images[0])).size == (128, 96) and "Stripes" in out.sent[-1].text
    # a damaged painting: refused with the reply for damaged files (by the bot's check or the engine's)
    broken = make_photo(96, 96)[:-400]
    out = await say(real_layer, "/addstyle Broken", images=[broken], user="web:a", chat="web:a",
                    community="web:local", admin=True)
    assert out.sent[0].text in (t("en", "truncated_image"), t("en", "bad_image"))
    assert store.find_style("web:local", "broken") is None


@pytest.mark.slow
async def test_hq_shows_progress_and_can_be_cancelled(real_layer, engine, monkeypatch):
    # The painting holds after its first reported step until /cancel has been sent, so it cannot
    # finish first however fast the CPU; progress edits go out as soon as the status changes.
    monkeypatch.setattr("bot.layer_timing.EDIT_INTERVAL_S", 0.0)
    cancel_sent = threading.Event()
    paint = engine.stylize

    def paint_held_at_first_step(*args, progress=None, **kwargs):
        def report(p: float) -> None:
            if progress:
                progress(p)
            if p > 0:
                cancel_sent.wait(60)
        return paint(*args, progress=report, **kwargs)

    monkeypatch.setattr(engine, "stylize", paint_held_at_first_step)
    out = Recorder()
    task = asyncio.create_task(real_layer.handle(req("/hq monet", images=[make_photo(96, 72)]), out))
    try:
        for _ in range(600):
            if any("%" in r.text and not r.text.endswith(" 0%") for _, r in out.edits):
                break
            await asyncio.sleep(0.05)
        else:
            pytest.fail(f"no progress shown: {[r.text for _, r in out.edits]}")
        cancel = await say(real_layer, "/cancel")
    finally:
        cancel_sent.set()
    assert cancel.texts == [t("en", "cancelled_jobs", count=1)]
    await asyncio.wait_for(task, 60)
    assert not out.images and t("en", "cancelled") in out.sent[0].text


@pytest.mark.slow
async def test_preview_grid_and_mix(real_layer, settings):
    out = await say(real_layer, "/preview", images=[make_photo(96, 72)])
    grid = Image.open(io.BytesIO(out.images[0]))
    side = settings.PREVIEW_SIDE
    from bot.images import LABEL_HEIGHT, draws_korean
    assert grid.size == (3 * side, 3 * (side + LABEL_HEIGHT))
    # the labels are in the user's language where a font can draw it (make system-deps installs one)
    assert draws_korean()
    ko = Image.open(io.BytesIO((await say(real_layer, "/preview", images=[make_photo(96, 72)], locale="ko",
                                             user="tg:ko")).images[0]))
    label_row = lambda im: np.asarray(im.convert("L").crop((0, side, side, side + LABEL_HEIGHT)), dtype=float)
    assert np.abs(label_row(ko) - label_row(grid)).mean() > 1         # 빈센트 반 고흐, not Vincent van Gogh
    assert len([b for row in out.sent[-1].buttons for b in row]) == 9
    out = await say(real_layer, "/mix gogh 0.7 monet")
    assert Image.open(io.BytesIO(out.images[0])).size == (96, 72)
