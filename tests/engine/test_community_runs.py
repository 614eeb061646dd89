"""A community style's run (train-artist --descriptor) in review TR15: its folder holding the
weights without Adam's state (a crash, a copy) goes on from the weights with Adam afresh, saying
so, instead of failing the style; and the advice train-artist gives fits a --descriptor run (no
--shared, which such a run refuses). Tiny runs (32 px crops, a tiny network, one or two steps)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from engine.errors import EngineError
from tests.engine.test_training import artist_iterations, iterations, tiny_artist_cfg


@pytest.fixture
def community_cfg(tmp_path, photo, painting, monkeypatch):
    """A --descriptor run of the style "ink" (gogh's statistics) on a tiny trained shared network."""
    from engine.descriptors import StyleDescriptor
    from engine.train_adaptive import train_artist
    from styles import load_catalog

    base = tiny_artist_cfg(tmp_path, photo, painting, monkeypatch)
    train_artist(base, log=lambda _: None)          # the "shipped" network: gogh trained, shared weights
    shipped = tmp_path / "shipped.safetensors"
    (base.out / "adaptive.safetensors").rename(shipped)
    descriptor = tmp_path / "ink.safetensors"
    StyleDescriptor.load(load_catalog().resolve("gogh").descriptor_path).save(descriptor)
    return replace(base, slugs=["ink"], descriptor=descriptor, base=shipped, shared=None,
                   out=tmp_path / "ink.training")


def test_a_community_run_with_weights_but_no_adam_state_goes_on_from_the_weights(community_cfg):
    from engine.train_adaptive import train_artist

    train_artist(replace(community_cfg, iterations=2), log=lambda _: None)
    (community_cfg.out / "state.safetensors").unlink()           # a crash, a copy of the folder
    logs = []
    assert train_artist(replace(community_cfg, iterations=3), log=logs.append).iteration == 3
    assert any(line.startswith("note:") and "no state.safetensors" in line and "afresh" in line
               for line in logs), logs
    assert "resuming ink from iteration 2" in logs
    assert artist_iterations(community_cfg.out / "adaptive.safetensors", "ink") == \
        iterations(community_cfg.out / "state.safetensors") == 3


def test_weights_of_another_style_are_refused_with_advice_that_fits_a_community_run(community_cfg):
    from engine.train_adaptive import train_artist

    train_artist(replace(community_cfg, iterations=1), log=lambda _: None)
    (community_cfg.out / "state.safetensors").unlink()
    with pytest.raises(EngineError) as caught:
        train_artist(replace(community_cfg, slugs=["other"], iterations=2), log=lambda _: None)
    assert "--base" in str(caught.value) and "--shared" not in str(caught.value)


def test_shared_given_to_a_community_run_says_it_does_not_apply(community_cfg):
    from engine.train_adaptive import train_artist

    with pytest.raises(EngineError) as caught:
        train_artist(replace(community_cfg, shared=True), log=lambda _: None)
    assert "--shared" in str(caught.value) and "none was found" not in str(caught.value)
    train_artist(replace(community_cfg, iterations=1), log=lambda _: None)
    logs = []
    train_artist(replace(community_cfg, iterations=2, shared=True), log=logs.append)
    said = [line for line in logs if "--shared ignored" in line]
    assert said and "use another --out for a new run" not in said[0], logs
