"""The refining/hq deadline judges "would the next step end past it?" by the last step's length.
The first step must be measured from its own start, not from before the photo's features and the
style's targets were computed: a cold worker (seconds of set-up) otherwise stopped after one step."""
from __future__ import annotations

import engine.gatys as gatys


def test_a_slow_set_up_does_not_count_as_the_first_step(ticking, photo, painting, monkeypatch):
    targets = gatys.style_targets

    def slow_targets(*args, **kw):          # the set-up before the steps: 12 s (each step is 1 s)
        ticking.clock[0] += 12.0
        return targets(*args, **kw)

    monkeypatch.setattr(gatys, "style_targets", slow_targets)
    seen = []
    deadline = ticking.clock[0] + 20.0
    ticking.stylize(photo, painting, refine_steps=200, progress=seen.append, deadline=deadline)
    assert ticking.clock[0] <= deadline
    assert len(seen) >= 4                    # 20 - 1 (fast) - 12 (set-up) - 1 (features): ~5 steps fit


def test_a_deadline_passed_during_the_set_up_keeps_the_fast_painting(ticking, photo, painting, monkeypatch):
    targets = gatys.style_targets

    def slow_targets(*args, **kw):
        ticking.clock[0] += 30.0
        return targets(*args, **kw)

    monkeypatch.setattr(gatys, "style_targets", slow_targets)
    seen = []
    start = ticking.clock[0]
    out = ticking.stylize(photo, painting, refine_steps=200, progress=seen.append, deadline=start + 20.0)
    assert ticking.clock[0] - start <= 33.0       # no step begun past the deadline
    assert seen == [1.0] and out.size[0] > 0
