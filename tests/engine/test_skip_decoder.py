"""SkipDecoder: grown from a plain decoder it paints the same; trained skips change the painting;
its files load into the engine; train-decoder --skips trains, resumes and exports one. The photo
skip (the photo's own relu4_1) grows the same way and is weighted by the strength."""
import numpy as np
import torch
from safetensors.torch import load_file, save_file

from engine import load_engine
from engine.core import DEFAULT_DECODER
from engine.decoder import SkipDecoder, build_decoder, has_photo_skip, is_skip_state, load_decoder
from engine.train import TrainConfig, train_decoder

from tests.engine.test_train import make_folder


def random_plain_state(seed=0):
    torch.manual_seed(seed)
    return {k: v.contiguous() for k, v in build_decoder().state_dict().items()}


def test_grown_decoder_paints_as_the_plain_one(tmp_path, photo, painting):
    plain = random_plain_state()
    save_file(plain, tmp_path / "plain.safetensors")
    grown = SkipDecoder.grown_from(plain)
    save_file({k: v.contiguous() for k, v in grown.state_dict().items()}, tmp_path / "skip.safetensors")
    assert is_skip_state(load_file(tmp_path / "skip.safetensors"))
    assert isinstance(load_decoder(tmp_path / "skip.safetensors"), SkipDecoder)

    a = load_engine(precision="fp32", decoder=tmp_path / "plain.safetensors").stylize(photo, painting)
    b = load_engine(precision="fp32", decoder=tmp_path / "skip.safetensors").stylize(photo, painting)
    assert a.size == b.size == photo.size        # odd sides too: the skips are cropped to fit
    assert np.abs(np.asarray(a, np.float32) - np.asarray(b, np.float32)).mean() < 0.5

    # Non-zero skips: the shallower features now reach the picture.
    for conv in grown.skip.values():
        torch.nn.init.normal_(conv.weight, std=0.05)
    save_file({k: v.contiguous() for k, v in grown.state_dict().items()}, tmp_path / "skip2.safetensors")
    engine = load_engine(precision="fp32", decoder=tmp_path / "skip2.safetensors")
    c = engine.stylize(photo, painting)
    assert np.abs(np.asarray(a, np.float32) - np.asarray(c, np.float32)).mean() > 2
    # alpha blends every level: at 0 the skips are the photo's own features
    seen = {}
    forward = engine.decoder.forward
    engine.decoder.forward = lambda x, skips, photo=None: seen.update(skips) or forward(x, skips, photo)
    engine.stylize(photo, painting, alpha=0.0)
    own = engine.features(photo, ("relu1_1", "relu2_1", "relu3_1"))
    assert set(seen) == set(own)
    for k in own:
        assert torch.allclose(seen[k].float(), own[k], atol=1e-4)
    engine.decoder.forward = forward
    # batches paint what single calls paint
    batch = engine.stylize_batch([(photo, painting), (photo, painting)])
    assert np.abs(np.asarray(batch[1], np.float32) - np.asarray(c, np.float32)).max() <= 1


def train_two_then_resume(tmp_path, init, **grow):
    """Two iterations from ``init`` (growing what ``grow`` asks), then a resume to three: (weights
    file after the first two, state dict then, the log lines)."""
    make_folder(tmp_path / "data" / "content", 0)
    make_folder(tmp_path / "data" / "style", 1)
    logs = []
    cfg = TrainConfig(data=tmp_path / "data", out=tmp_path / "run", iterations=2, batch=2, crop=32,
                      save_every=1, init=init, loss="score", style_weight=1.0, **grow)
    weights = train_decoder(cfg, log=logs.append)
    state = load_file(weights)
    cfg.iterations = 3
    train_decoder(cfg, log=logs.append)
    assert any("resuming from iteration 2" in line for line in logs)
    return weights, state, logs


def test_train_decoder_grows_skips_from_a_plain_init(tmp_path):
    save_file(random_plain_state(1), tmp_path / "plain.safetensors")
    weights, state, logs = train_two_then_resume(tmp_path, tmp_path / "plain.safetensors", skips=True)
    assert any("with skips" in line for line in logs)
    assert is_skip_state(state) and float(state["skip.relu1_1.weight"].abs().sum()) > 0   # the skips learnt
    assert isinstance(load_decoder(weights), SkipDecoder)

def save_state(module, path):
    save_file({k: v.contiguous() for k, v in module.state_dict().items()}, path)


def test_photo_skip_grows_from_a_skip_decoder_and_follows_the_strength(tmp_path, photo, painting):
    skip = load_decoder(DEFAULT_DECODER)        # a trained decoder: a random one's output barely moves
    skip.photo = None                           # the shipped one has a photo skip: start without it
    save_state(skip, tmp_path / "skip.safetensors")
    save_state(skip.grow_photo_skip(), tmp_path / "grown.safetensors")
    assert has_photo_skip(load_file(tmp_path / "grown.safetensors"))
    assert load_decoder(tmp_path / "grown.safetensors").uses_photo
    assert not load_decoder(tmp_path / "skip.safetensors").uses_photo

    a = load_engine(precision="fp32", decoder=tmp_path / "skip.safetensors").stylize(photo, painting)
    b = load_engine(precision="fp32", decoder=tmp_path / "grown.safetensors").stylize(photo, painting)
    assert np.abs(np.asarray(a, np.float32) - np.asarray(b, np.float32)).mean() < 0.5   # zero-initialised

    torch.nn.init.normal_(skip.photo.weight, std=0.05)
    save_state(skip, tmp_path / "trained.safetensors")
    engine = load_engine(precision="fp32", decoder=tmp_path / "trained.safetensors")
    before = load_engine(precision="fp32", decoder=tmp_path / "skip.safetensors")
    desc = engine.resolve_style(painting)
    change = (engine.adain_tensor(photo, desc) - before.adain_tensor(photo, desc)).abs().mean()
    assert float(change) > 0.01                                          # the photo's features reach it
    c = engine.stylize(photo, painting)
    seen = []
    forward = engine.decoder.forward
    engine.decoder.forward = lambda x, skips, photo=None: seen.append(photo) or forward(x, skips, photo)
    engine.stylize(photo, painting, alpha=0.5)
    engine.stylize(photo, painting, alpha=0.0)
    own = engine.features(photo, ("relu4_1",))["relu4_1"]
    # below full strength each call decodes two rows: the painting, and the photo at strength 0 (what
    # the decoder loses of the photo comes back in proportion)
    assert torch.allclose(seen[0][:1].float(), 0.5 * own, atol=1e-4)  # weighted by the strength
    assert float(seen[0][1:].abs().max()) == 0.0 and float(seen[1].abs().max()) == 0.0   # strength 0: no photo skip
    engine.decoder.forward = forward
    batch = engine.stylize_batch([(photo, painting), (photo, painting)])
    assert np.abs(np.asarray(batch[0], np.float32) - np.asarray(c, np.float32)).max() <= 1


def test_train_decoder_grows_the_photo_skip(tmp_path):
    save_state(SkipDecoder.grown_from(random_plain_state(2)), tmp_path / "skip.safetensors")
    weights, state, logs = train_two_then_resume(tmp_path, tmp_path / "skip.safetensors", photo_skip=True)
    assert any("and the photo skip" in line for line in logs)
    assert has_photo_skip(state) and float(state["photo.weight"].abs().sum()) > 0       # it learnt
    assert load_decoder(weights).uses_photo
