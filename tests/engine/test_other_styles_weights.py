"""train-artist NAME --descriptor D (a community style's run) pointed at another style's weights
(review TRN18): a --out folder holding the weights of "wash" without Adam's state, asked to train
"ink", said "adaptive.safetensors has no state.safetensors beside it" and nothing of whose they
were; a --descriptor naming a run's folder said "descriptor not found" of a folder that is there,
and one naming a model's weights file "not a style descriptor file". Each now names what it
found (whose weights) against the style asked for, before the photos and the network load."""
from __future__ import annotations

from dataclasses import replace

import pytest

from engine.errors import EngineError
from tests.engine import test_community_runs as test_community_runs
community_cfg = test_community_runs.community_cfg       # the fixture: a --descriptor run of "ink"


def wash_run(cfg):
    """A finished run of the style "wash" (its weights and Adam's state) in a folder of its own (named
    for neither style: what is said must come from the files)."""
    from engine.train_adaptive import train_artist

    wash = replace(cfg, slugs=["wash"], out=cfg.out.parent / "other.run", iterations=1)
    train_artist(wash, log=lambda _: None)
    return wash.out


def refused(cfg) -> str:
    from engine.train_adaptive import train_artist

    logs = []
    with pytest.raises(EngineError) as caught:
        train_artist(cfg, log=logs.append)
    assert not any("loading photos" in line for line in logs), logs        # before the photos load
    return str(caught.value)


def test_an_out_folder_with_another_styles_weights_alone_names_whose_they_are(community_cfg):
    run = wash_run(community_cfg)
    (run / "state.safetensors").unlink()                # the weights alone: a crash, a copy
    said = refused(replace(community_cfg, out=run))
    assert "wash" in said and "ink" in said and "--out" in said, said
    assert (run / "adaptive.safetensors").exists()      # kept: another style's


def test_a_descriptor_that_is_a_runs_folder_says_so(community_cfg):
    run = wash_run(community_cfg)
    said = refused(replace(community_cfg, descriptor=run))
    assert "not found" not in said and "folder" in said and "wash" in said, said
    assert not community_cfg.out.exists()


@pytest.mark.parametrize("which", ["weights", "exported"])
def test_a_descriptor_that_is_a_models_file_says_whose_it_is(community_cfg, tmp_path, which):
    from engine.adaptive import AdaptiveModel, AdaptiveStyle
    from engine.descriptors import StyleDescriptor

    run = wash_run(community_cfg)
    path = tmp_path / "model.safetensors"
    path.write_bytes((run / "adaptive.safetensors").read_bytes())
    if which == "exported":
        model = AdaptiveModel.load(path)
        path = tmp_path / "x.safetensors"
        AdaptiveStyle(model.artists["wash"].gamma, model.artists["wash"].beta,
                      StyleDescriptor.load(community_cfg.descriptor), model.net_id).save(path)
    said = refused(replace(community_cfg, descriptor=path))
    assert ("wash" in said) if which == "weights" else ("exported" in said), said
    assert "descriptor" in said and not community_cfg.out.exists()
