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

from tests.engine.conftest import DATA

ARTISTS = ("gogh", "kimhongdo", "monet")
# Mean score of gogh, kimhongdo and monet on these 2 validation photos at 128 px, measured: the
# shipped slimmer network (8 channels at full size, distilled from the 16-channel one) 0.404 (fp32),
# the 16-channel network shipped before (6000 iterations + 6000 on the score + 3100 with U-Net skips + 1500 at style
# weight 1 + 750 annealed) 0.398 (0.397 in fp32), before the anneal 0.403, before the 1500 at weight 1 0.44,
# without the skips 0.46, 6000 + 4000 0.47, 6000 alone 0.55, the checkpoint at 1500 iterations
# 0.59, untrained networks (seeds 0-2) 1.79-2.53. The unchanged photo scores 1: a working model
# must beat it.
THRESHOLD = 1.0


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


@pytest.fixture(scope="module")
def photos():
    from engine.train import list_images

    if not (DATA / "train" / "content").exists():
        pytest.skip("no shared data")
    val = list_images(DATA / "train" / "content", "val")
    return [resize_to(open_image(val[i * len(val) // 2]), 128) for i in range(2)]


def test_shipped_models_beat_the_threshold(engine, model, photos):
    assert mean_score(engine, DEFAULT_ADAPTIVE, photos) < THRESHOLD


def test_an_untrained_network_cannot(engine, photos, tmp_path):
    torch.manual_seed(0)
    untrained = AdaptiveModel.new()
    for slug in ARTISTS:
        untrained.add_artist(slug)
    untrained.save(tmp_path / "untrained.safetensors")
    assert mean_score(engine, tmp_path / "untrained.safetensors", photos) > THRESHOLD


def _row_roughness(out: torch.Tensor) -> float:
    """How much the mean of each row jumps from row to row (second differences, in 8-bit levels),
    away from the borders: horizontal streaks raise it, texture in all directions averages out."""
    rows = out[0].mean(dim=(0, 2))[8:-8]
    return float((rows[2:] - 2 * rows[1:-1] + rows[:-2]).abs().mean()) * 255


def test_smooth_gradients_get_no_streaks(model):
    """A drawn sky (8-bit, one level every few rows) painted undithered comes out streaked (row
    roughness 10.8-18 levels for these artists, measured); the default dither breaks the streaks up
    (0.36-0.47 of that on the models shipped since the dither came in)."""
    from PIL import Image, ImageDraw

    from engine.images import to_tensor

    sky = Image.new("RGB", (256, 192))
    draw = ImageDraw.Draw(sky)
    for y in range(192):
        t = y / 192
        draw.line([(0, y), (255, y)], fill=(int(90 + 120 * t), int(150 + 60 * t), int(230 - 40 * t)))
    x = to_tensor(sky)
    for slug in ARTISTS:
        streaked = _row_roughness(model.paint(x, [(slug, 1.0)], dither=0.0))
        assert streaked > 5, "the undithered sky is expected to streak; is the check still measuring it?"
        assert _row_roughness(model.paint(x, [(slug, 1.0)])) < 0.6 * streaked, slug
