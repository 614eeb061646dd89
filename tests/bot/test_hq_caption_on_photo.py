"""A bare /hq (a strength at most) captioned on a photo goes through _rerun, as the "High quality"
button does: a review suspected it repainted the user's last painting's photo instead of the one
attached. It paints the attached photo, in high quality, with the last painting's artists and the
strength typed (README: "/hq from someone who has painted before: their last painting again").
Checked so it stays so."""
from __future__ import annotations

import pytest

from tests.bot.conftest import make_photo
from tests.bot.test_commands import say


@pytest.mark.parametrize("caption, alpha", [("/hq 0.5", 0.5), ("/고화질 0.5", 0.5), ("/hq", None)])
async def test_a_bare_hq_on_a_photo_paints_that_photo(layer, fake_queue, photo, caption, alpha):
    await say(layer, "/style monet", images=[photo])
    attached = make_photo(90, 60, seed=7)
    out = await say(layer, caption, images=[attached])
    job = fake_queue.jobs[-1]
    assert len(fake_queue.jobs) == 2, out.texts
    assert job.image == attached and job.image != photo
    assert job.method == "gatys" and [s.value for s in job.styles] == ["monet"]
    assert job.alpha == (alpha if alpha is not None else fake_queue.jobs[0].alpha)


async def test_a_bare_hq_on_a_photo_from_one_who_never_painted_asks_for_the_artist(layer, fake_queue, photo):
    out = await say(layer, "/hq 0.5", images=[photo])
    assert fake_queue.jobs == [], out.texts
    assert out.sent and out.sent[-1].buttons, out.texts
