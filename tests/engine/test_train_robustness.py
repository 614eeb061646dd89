"""What an operator meets running the training commands: aliases, broken checkpoints and photos,
two runs on one folder, a run already done. Tiny runs (64-px crops, tiny networks, a few steps)."""
from dataclasses import replace

import pytest

from engine.adaptive import AdaptiveModel, NetConfig
from engine.errors import EngineError
from engine.train_split import is_validation

TINY = NetConfig((4, 8, 8), 1, 3)


@pytest.fixture(scope="module")
def encoder():
    from engine.vgg import Encoder, load_vgg

    return Encoder(load_vgg())


def photo_folder(root, photo, painting, count=2):
    """root/content with ``count`` photos of the train split; returns root."""
    content = root / "content"
    content.mkdir(parents=True)
    names = [n for n in (f"p{i}.jpg" for i in range(40)) if not is_validation(content / n)][:count]
    for i, name in enumerate(names):
        (photo if i % 2 == 0 else painting).resize((80, 72)).save(content / name)
    return root


@pytest.fixture
def artist_cfg(tmp_path, photo, painting, monkeypatch):
    import engine.train_adaptive as ta
    from engine.train_adaptive import ArtistTrainConfig

    monkeypatch.setattr(ta, "DEFAULT_ADAPTIVE", tmp_path / "no_base.safetensors")   # never the shipped model
    data = photo_folder(tmp_path / "data", photo, painting)
    return ArtistTrainConfig(slugs=["gogh"], data=data, out=tmp_path / "run", iterations=2, batch=1, crop=64,
                             channels=TINY.channels, residual_blocks=1, save_every=1, device="cpu",
                             precision="fp32", base=None, shared=True)


def test_an_alias_trains_the_catalog_artist_it_names(artist_cfg, encoder):
    from engine.train_adaptive import train_artist

    logs = []
    result = train_artist(replace(artist_cfg, slugs=["반고흐"]), log=logs.append, encoder=encoder)
    model = AdaptiveModel.load(result.path)
    assert "gogh" in model.artists and "반고흐" not in model.artists
    assert model.artists["gogh"].info["iterations"] == 2
    assert any("the catalog's names for 반고흐" in line for line in logs)
    # the same run, named by its slug, resumes (one artist, not a second run's)
    again = train_artist(replace(artist_cfg, iterations=3), log=logs.append, encoder=encoder)
    assert AdaptiveModel.load(again.path).artists["gogh"].info["iterations"] == 3


def test_a_name_not_in_the_catalog_says_how_a_community_style_trains(artist_cfg, encoder):
    from engine.train_adaptive import train_artist

    with pytest.raises(EngineError, match="--descriptor"):
        train_artist(replace(artist_cfg, slugs=["my cool style"]), log=lambda _: None, encoder=encoder)
    assert not artist_cfg.out.exists()
