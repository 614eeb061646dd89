"""/hq and refine_steps asked cancel() once before the photo's VGG features, the fast painting
(/hq's start) and the first Adam step, and next only after that step: the longest stretch of a
painting without a cancel check (which the frozen-painting watchdog, FROZEN_S 120 s, counts as no
step) was features + fast path + a step, about 90 s at 1024 px on a loaded 2-core CPU, where the
later stretches are one step each (~50 s): an /hq at HQ_MAX_SIDE=1024 was that near to being taken
for frozen, and a cancel during it was honoured only after the first step. cancel() is now asked
again once the start is ready, before the first step."""
import pytest

from engine.errors import CancelledError


def asked_twice():
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) >= 2

    return cancel


@pytest.mark.parametrize("how", [dict(method="gatys"), dict(refine_steps=5)])
def test_a_cancel_after_the_start_is_ready_is_honoured_before_the_first_step(engine, photo, how):
    steps = []
    with pytest.raises(CancelledError):
        engine.stylize(photo, "monet", progress=steps.append, cancel=asked_twice(), **how)
    assert steps == []
