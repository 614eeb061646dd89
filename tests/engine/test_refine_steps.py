"""refine_steps: the fast painting improved by a few Adam steps on the balanced score (what /hq
does 40 of), for GPU hosts where a step costs milliseconds."""
from __future__ import annotations

import numpy as np
import pytest

from engine import load_engine
from engine.errors import BadOptionError, CancelledError
from engine.evaluate import Scorer, method_list


def arr(im):
    return np.asarray(im, dtype=np.float32)


def test_refining_lowers_the_score_of_the_fast_painting(engine, photo, painting):
    scorer = Scorer(engine, photo, painting)
    fast = engine.stylize(photo, painting)
    seen = []
    refined = engine.stylize(photo, painting, refine_steps=8, progress=seen.append)
    assert refined.size == fast.size == photo.size
    assert scorer(refined).score < 0.9 * scorer(fast).score
    assert len(seen) == 8 and seen == sorted(seen) and seen[-1] == pytest.approx(1.0)


def test_an_artist_on_the_adaptive_path_is_refined_too(engine, photo):
    fast = engine.stylize(photo, "gogh", method="auto")
    refined = engine.stylize(photo, "gogh", method="auto", refine_steps=3)
    assert refined.size == fast.size
    assert np.abs(arr(refined) - arr(fast)).mean() > 0.5


def test_the_engines_own_setting_applies_to_single_and_batch_paintings(photo, painting):
    refining = load_engine(refine_steps=3, keep_freed_memory=False)
    plain = load_engine(keep_freed_memory=False)
    scorer = Scorer(plain, photo, painting)
    fast = plain.stylize(photo, painting)
    one = refining.stylize(photo, painting)
    [batch] = refining.stylize_batch([(photo, painting)])
    assert scorer(one).score < scorer(fast).score
    assert np.abs(arr(batch) - arr(one)).mean() < 1.0
    # asked for none, the refining engine paints the plain fast path
    assert np.abs(arr(refining.stylize(photo, painting, refine_steps=0)) - arr(fast)).mean() < 1.0


def test_strength_zero_stays_the_photo(engine, photo):
    out = engine.stylize(photo, "monet", alpha=0.0, refine_steps=5)
    assert np.abs(arr(out) - arr(photo)).mean() < 1.0


def test_refining_can_be_cancelled(engine, photo):
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(CancelledError):
        engine.stylize(photo, "monet", refine_steps=10, cancel=cancel)
    assert len(calls) < 10


@pytest.mark.parametrize("steps", [-1, 201, 2.5, "5", True, None])
def test_bad_refine_steps_are_refused(steps):
    with pytest.raises(BadOptionError, match="refine_steps"):
        load_engine(refine_steps=steps, keep_freed_memory=False)


def test_evaluate_takes_refine_methods():
    assert method_list("fast,refine10") == ["fast", "refine10"]
    for bad in ("refine0", "refine201", "refine", "refine-3"):
        with pytest.raises(ValueError, match="refineN"):
            method_list(bad)


def test_pictures_over_the_refine_limit_keep_the_fast_painting(engine, photo, monkeypatch):
    """Refining holds autograd through VGG at the picture's size (gigabytes at 2048 px): above
    REFINE_MAX_SIDE the fast painting is delivered as it is."""
    import engine.core as core

    monkeypatch.setattr(core, "REFINE_MAX_SIDE", max(photo.size) - 1)
    seen = []
    out = engine.stylize(photo, "monet", refine_steps=5, progress=seen.append)
    assert np.abs(arr(out) - arr(engine.stylize(photo, "monet"))).mean() < 1.0
    assert seen == [1.0]
