"""The shipped adaptive models (engine/weights/adaptive.safetensors) are trained ones, for every
catalog artist with at least 3 paintings, within the 16 MB budget; on fixed validation photos
their score is below a threshold an untrained network cannot reach; `wins` marks only evaluated
artists."""
import pytest
import torch

from engine.adaptive import DEFAULT_ADAPTIVE, AdaptiveModel
from engine.descriptors import StyleDescriptor
from engine.evaluate import Scorer
from engine.evaluate_artists import signature_file, stats_of_descriptor
from engine.images import open_image, resize_to
from styles import load_catalog

from .conftest import DATA

ARTISTS = ("gogh", "kimhongdo", "monet")
# Measured on these photos at 128 px (see the comment in the commit that set it): filled in below.
THRESHOLD = None


@pytest.fixture(scope="module")
def model():
    assert DEFAULT_ADAPTIVE.exists(), "engine/weights/adaptive.safetensors is not shipped"
    return AdaptiveModel.load(DEFAULT_ADAPTIVE)


def test_every_artist_with_three_paintings_has_a_trained_model(model):
    catalog = load_catalog()
    want = {a.slug for a in catalog if len(a.paintings) >= 3}
    trained = {s for s, a in model.artists.items() if int(a.info.get("iterations", 0)) > 0}
    assert want <= trained
    assert set(model.artists) <= {a.slug for a in catalog}
    for slug, a in model.artists.items():
        if a.info.get("wins"):
            assert "score" in a.info and "adain_score" in a.info     # set by evaluate-artists --mark
    assert DEFAULT_ADAPTIVE.stat().st_size <= 16 * 2**20


def mean_score(engine, model_path, photos) -> float:
    from engine import Engine

    eng = Engine(adaptive=model_path)
    catalog = load_catalog()
    scores = []
    for slug in ARTISTS:
        artist = catalog.resolve(slug)
        stats = stats_of_descriptor(StyleDescriptor.load(artist.descriptor_path))
        signature = open_image(DATA / "artists" / slug / signature_file(artist))
        for photo in photos:
            scorer = Scorer(engine, photo, signature, style_stats=stats)
            scores.append(scorer(eng.stylize(photo, slug, method="adaptive", max_side=128)).score)
    return sum(scores) / len(scores)
