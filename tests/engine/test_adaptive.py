"""Per-artist adaptive models: network shape, files, mixing, routing, broken weights, training.

Tiny on purpose (64-px pictures, a few steps): run under `nice -n 19`.
"""
from dataclasses import replace
import json
from pathlib import Path

import numpy as np
import pytest
import torch
from safetensors.torch import load_file, save_file

from engine.adaptive import AdaptiveModel, NetConfig, TransformNet, grow_skips, set_wins
from engine.errors import BadOptionError, EngineError
from engine.images import to_tensor
from engine.train_split import is_validation

TINY = NetConfig((4, 8, 8), 1, 3)


def tiny_model(*slugs, seed=0) -> AdaptiveModel:
    torch.manual_seed(seed)
    model = AdaptiveModel.new(TINY)
    for i, slug in enumerate(slugs):
        a = model.add_artist(slug)
        a.gamma = 1 + 0.5 * torch.randn(model.net.style_size)
        a.beta = 0.5 * torch.randn(model.net.style_size)
        a.info["iterations"] = 10 * (i + 1)
    return model


@pytest.mark.parametrize("size", [(65, 67), (64, 64), (71, 97)])
def test_output_has_the_input_size(size):
    net = TransformNet(TINY).eval()
    g, b = net.identity_style()
    with torch.no_grad():
        out = net(torch.rand(2, 3, *size), g, b)
    assert out.shape == (2, 3, *size)
    assert 0 <= out.min() and out.max() <= 1


def test_default_network_is_small():
    net = TransformNet()
    megabytes = sum(p.numel() for p in net.parameters()) * 4 / 2**20
    assert megabytes < 4                      # fp32 shared weights; artists add ~2*style_size floats
    assert net.style_size * 2 * 4 < 8192      # one artist: a few KB


def test_save_load_round_trip_is_exact(tmp_path):
    model = tiny_model("gogh", "monet")
    model.artists["gogh"].info["wins"] = True
    path = tmp_path / "adaptive.safetensors"
    model.save(path)
    again = AdaptiveModel.load(path)
    for k, v in model.net.state_dict().items():
        assert torch.equal(v, again.net.state_dict()[k])
    for slug in ("gogh", "monet"):
        assert torch.equal(model.artists[slug].gamma, again.artists[slug].gamma)
        assert torch.equal(model.artists[slug].beta, again.artists[slug].beta)
    assert again.wins("gogh") and not again.wins("monet")
    assert again.artists["monet"].info["iterations"] == 20
    x = torch.rand(1, 3, 64, 64)
    assert torch.equal(model.paint(x, [("gogh", 1)]), again.paint(x, [("gogh", 1)]))


def test_grown_skips_paint_as_before_until_trained(tmp_path):
    model = tiny_model("gogh")
    x = torch.rand(1, 3, 70, 66)
    before = model.paint(x, [("gogh", 1)])
    model.net = grow_skips(model.net).eval()
    assert model.net.config.skips
    assert torch.equal(model.paint(x, [("gogh", 1)]), before)
    with torch.no_grad():                       # trained skips change the painting ...
        model.net.skip_full.weight.normal_(0, 0.5)
        model.net.skip_half.weight.normal_(0, 0.5)
    after = model.paint(x, [("gogh", 1)])
    assert (after - before).abs().mean() > 1e-3
    with torch.enable_grad():                   # ... the same way in training's layers as at inference
        g, b = model.mix([("gogh", 1)])
        trained_path = model.net(x, g, b)
    torch.testing.assert_close(trained_path.detach(), model.paint(x, [("gogh", 1)], dither=0), atol=2e-5, rtol=0)
    path = tmp_path / "skips.safetensors"
    model.save(path)
    again = AdaptiveModel.load(path)
    assert again.net.config.skips and torch.equal(again.paint(x, [("gogh", 1)]), after)


def test_files_from_before_skips_still_load(tmp_path):
    model = tiny_model("gogh")
    tensors, meta = model.tensors()
    config = json.loads(meta["config"])
    del config["skips"]                         # what files written before the option hold
    meta["config"] = json.dumps(config)
    save_file(tensors, tmp_path / "old.safetensors", metadata=meta)
    old = AdaptiveModel.load(tmp_path / "old.safetensors")
    assert not old.net.config.skips
    x = torch.rand(1, 3, 64, 64)
    assert torch.equal(old.paint(x, [("gogh", 1)]), model.paint(x, [("gogh", 1)]))


def test_mixing_interpolates_the_artists():
    model = tiny_model("gogh", "monet").to("cpu")
    x = torch.rand(1, 3, 64, 64)
    gogh = model.paint(x, [("gogh", 1.0)])
    assert torch.equal(model.paint(x, [("gogh", 1.0), ("monet", 0.0)]), gogh)
    assert torch.equal(model.paint(x, [("gogh", 3.0), ("monet", 0.0)]), gogh)
    half = model.mix([("gogh", 1), ("monet", 1)])
    assert torch.allclose(half[0], (model.artists["gogh"].gamma + model.artists["monet"].gamma) / 2)
    mixed = model.paint(x, [("gogh", 1.0), ("monet", 1.0)])
    assert not torch.equal(mixed, gogh)
    with pytest.raises(EngineError, match="no adaptive model for 'klimt'"):
        model.mix([("klimt", 1.0)])
    with pytest.raises(BadOptionError):
        model.mix([("gogh", -1.0), ("monet", 2.0)])
    with pytest.raises(BadOptionError):
        model.mix([("gogh", 0.0)])


def test_strength_blends_with_the_photo():
    model = tiny_model("gogh")
    x = torch.rand(1, 3, 64, 64)
    assert torch.allclose(model.paint(x, [("gogh", 1)], alpha=0.0), x)
    full = model.paint(x, [("gogh", 1)])
    assert torch.allclose(model.paint(x, [("gogh", 1)], alpha=0.25), 0.25 * full + 0.75 * x, atol=1e-6)


def test_the_dither_is_fixed_one_level_noise_at_any_size():
    from engine.adaptive import DITHER, NOISE_TILE, _noise_like

    x = torch.zeros(2, 3, NOISE_TILE + 88, 2 * NOISE_TILE + 76)     # beyond one tile both ways
    noise = _noise_like(x)
    assert noise.shape == x.shape
    assert torch.equal(noise[0], noise[1])                              # the same for every picture
    assert torch.equal(noise[:, :, NOISE_TILE:, :], noise[:, :, :88, :])  # the tile repeats
    assert torch.equal(_noise_like(x), noise)                           # and is the same every call
    assert 0.9 < float(noise.std()) < 1.1 and abs(float(noise.mean())) < 0.02
    assert DITHER == pytest.approx(1 / 255)
    # Painting: the same photo paints the same, dithered differs from undithered only a little.
    model = tiny_model("gogh")
    photo = torch.rand(1, 3, 40, 56)
    dithered = model.paint(photo, [("gogh", 1)])
    assert torch.equal(dithered, model.paint(photo, [("gogh", 1)]))
    plain = model.paint(photo, [("gogh", 1)], dither=0.0)
    assert not torch.equal(dithered, plain)
    assert float((dithered - plain).abs().max()) < 0.1


# -- broken weights ------------------------------------------------------------------------
def test_broken_weights_give_a_clear_error(tmp_path):
    model = tiny_model("gogh")
    good = tmp_path / "good.safetensors"
    model.save(good)
    tensors, meta = model.tensors()

    garbled = tmp_path / "garbled.safetensors"
    garbled.write_bytes(b"\x10\x00\x00\x00\x00\x00\x00\x00{not json at all" + bytes(100))
    truncated = tmp_path / "truncated.safetensors"
    truncated.write_bytes(good.read_bytes()[:-64])
    missing = tmp_path / "missing.safetensors"
    save_file({k: v for k, v in tensors.items() if k != "net.conv_in.weight"}, missing, metadata=meta)
    no_artist = tmp_path / "no_artist.safetensors"
    save_file({k: v for k, v in tensors.items() if k != "artist.gogh.beta"}, no_artist, metadata=meta)
    shape = tmp_path / "shape.safetensors"
    save_file(dict(tensors, **{"net.up1.weight": torch.zeros(3, 3, 3, 3)}), shape, metadata=meta)
    nan = tmp_path / "nan.safetensors"
    save_file(dict(tensors, **{"artist.gogh.gamma": torch.full_like(tensors["artist.gogh.gamma"], float("nan"))}),
              nan, metadata=meta)
    no_meta = tmp_path / "no_meta.safetensors"
    save_file(tensors, no_meta)
    cases = {garbled: "readable", truncated: "readable", missing: "net.conv_in.weight is missing",
             no_artist: "'gogh' has no beta", shape: "net.up1.weight has shape", nan: "NaN",
             no_meta: "format", tmp_path / "absent.safetensors": "not found"}
    for path, words in cases.items():
        with pytest.raises(EngineError, match=words):
            AdaptiveModel.load(path)


# -- routing -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def routed(tmp_path_factory):
    """An engine whose adaptive weights (test-made) know gogh (winning) and monet (not)."""
    from engine import Engine

    path = tmp_path_factory.mktemp("adaptive") / "adaptive.safetensors"
    model = tiny_model("gogh", "monet")
    model.artists["gogh"].info["wins"] = True
    model.save(path)
    return Engine(adaptive=path, precision="fp32"), AdaptiveModel.load(path)


def _arr(im):
    return np.asarray(im, dtype=np.float32)


def test_auto_uses_a_winning_adaptive_model(routed, photo):
    engine, model = routed
    photo = photo.resize((64, 48))
    direct = model.paint(to_tensor(photo), [("gogh", 1.0)])
    from engine.images import to_image

    expected = _arr(to_image(direct))
    assert np.abs(_arr(engine.stylize(photo, "gogh", method="auto")) - expected).max() <= 1
    assert np.abs(_arr(engine.stylize(photo, "Van Gogh", method="adaptive")) - expected).max() <= 1
    adain = _arr(engine.stylize(photo, "gogh"))               # the default stays AdaIN
    assert np.abs(adain - expected).mean() > 3
    assert np.array_equal(_arr(engine.stylize(photo, "gogh", method="adain")), adain)
    # options keep working on the adaptive path
    assert engine.stylize(photo, "gogh", method="auto", preserve_color=True, alpha=0.5).size == photo.size


def test_auto_falls_back_to_adain(routed, photo):
    engine, _ = routed
    photo = photo.resize((64, 48))
    for style in ("monet", "klimt", [("gogh", 1.0), ("monet", 1.0)]):   # not winning / no model / mix
        assert np.array_equal(_arr(engine.stylize(photo, style, method="auto")),
                              _arr(engine.stylize(photo, style, method="adain")))
    # a painting is not an artist: AdaIN
    assert engine.stylize(photo, photo, method="auto").size == photo.size


def test_adaptive_forced_needs_a_model(routed, photo):
    engine, _ = routed
    photo = photo.resize((64, 48))
    assert engine.stylize(photo, [("gogh", 1.0), ("monet", 0.5)], method="adaptive").size == photo.size
    with pytest.raises(EngineError, match="no adaptive model for 'klimt'"):
        engine.stylize(photo, "klimt", method="adaptive")
    with pytest.raises(BadOptionError):
        engine.stylize(photo, photo, method="adaptive")
    with pytest.raises(BadOptionError):
        engine.stylize(photo, "gogh", method="nope")


def test_set_wins_switches_auto(tmp_path, photo):
    from engine import Engine

    path = tmp_path / "adaptive.safetensors"
    tiny_model("gogh").save(path)
    photo = photo.resize((64, 48))
    before = Engine(adaptive=path, precision="fp32").stylize(photo, "gogh", method="auto")
    set_wins(path, "gogh", True, score=0.5)
    after = Engine(adaptive=path, precision="fp32").stylize(photo, "gogh", method="auto")
    assert np.abs(_arr(before) - _arr(after)).mean() > 3
    assert AdaptiveModel.load(path).artists["gogh"].info == {"iterations": 10, "wins": True, "score": 0.5}


def test_broken_shipped_weights_are_an_engine_error(tmp_path, photo):
    from engine import Engine

    path = tmp_path / "adaptive.safetensors"
    path.write_bytes(b"garbage")
    engine = Engine(adaptive=path, precision="fp32")
    with pytest.raises(EngineError, match="unusable"):
        engine.stylize(photo.resize((64, 48)), "gogh", method="auto")


# -- training ------------------------------------------------------------------------------
def test_training_smoke_and_resume(tmp_path, photo, painting, monkeypatch):
    import engine.train_adaptive as ta
    from engine.train_adaptive import ArtistTrainConfig, train_artist
    from engine.vgg import Encoder, load_vgg

    encoder = Encoder(load_vgg())
    batches = []

    def recorded_batch(*args):
        batches.append(real_batch(*args))
        return batches[-1]

    real_batch = ta.random_batch
    monkeypatch.setattr(ta, "random_batch", recorded_batch)

    content = tmp_path / "data" / "content"
    content.mkdir(parents=True)
    names = [n for n in (f"p{i}.jpg" for i in range(20)) if not is_validation(content / n)][:2]
    for name, im in zip(names, (photo, painting)):
        im.resize((80, 72)).save(content / name)
    cfg = ArtistTrainConfig(slugs=["gogh"], data=tmp_path / "data", out=tmp_path / "run", iterations=10,
                            batch=2, crop=64, lr=1e-2, channels=TINY.channels, residual_blocks=1,
                            save_every=5, device="cpu", precision="fp32", base=None, shared=True)
    cfg_base = tmp_path / "no_base.safetensors"       # never the shipped model in a test
    monkeypatch.setattr(ta, "DEFAULT_ADAPTIVE", cfg_base)
    logs = []
    result = train_artist(cfg, log=logs.append, encoder=encoder)
    assert len(result.losses) == 10
    assert np.mean(result.losses[-3:]) < np.mean(result.losses[:3])
    assert any("ETA" in line for line in logs)
    model = AdaptiveModel.load(result.path)
    assert model.artists["gogh"].info["iterations"] == 10 and not model.wins("gogh")
    state = load_file(tmp_path / "run" / "state.safetensors")
    assert "gamma.exp_avg" in state and "net.conv_in.weight.exp_avg" in state

    cfg.iterations = 13
    logs = []
    again = train_artist(cfg, log=logs.append, encoder=encoder)
    assert "resuming gogh from iteration 10" in logs[0]
    assert len(again.losses) == 3
    assert AdaptiveModel.load(again.path).artists["gogh"].info["iterations"] == 13

    # a further stage from the trained model (--base) draws new crops, not the first stage's again
    first = batches[0]
    batches.clear()
    train_artist(replace(cfg, out=tmp_path / "run5", base=result.path, iterations=1), log=logs.append,
                 encoder=encoder)
    assert batches[0].shape == first.shape and not torch.equal(batches[0], first)

    # a new artist on the trained shared network: only its CIN parameters train
    cfg2 = ArtistTrainConfig(slugs=["monet"], data=tmp_path / "data", out=tmp_path / "run2",
                             base=result.path, iterations=2, batch=1, crop=64, device="cpu",
                             precision="fp32")
    logs = []
    train_artist(cfg2, log=logs.append, encoder=encoder)
    two = AdaptiveModel.load(tmp_path / "run2" / "adaptive.safetensors")
    one = AdaptiveModel.load(result.path)
    assert "training CIN parameters of monet" in logs[0]
    assert set(two.artists) == {"gogh", "monet"}
    for k, v in one.net.state_dict().items():
        assert torch.equal(v, two.net.state_dict()[k])
    assert torch.equal(one.artists["gogh"].gamma, two.artists["gogh"].gamma)
    assert json.loads(json.dumps(two.artists["monet"].info))["iterations"] == 2

    # --skips grows them on a base without: they start at zero and train with the network
    cfg3 = ArtistTrainConfig(slugs=["gogh"], data=tmp_path / "data", out=tmp_path / "run3", base=result.path,
                             iterations=3, batch=1, crop=64, lr=1e-2, device="cpu", precision="fp32",
                             shared=True, skips=True)
    logs = []
    train_artist(cfg3, log=logs.append, encoder=encoder)
    grown = AdaptiveModel.load(tmp_path / "run3" / "adaptive.safetensors")
    assert any("grew U-Net skips" in line for line in logs)
    assert grown.net.config.skips and grown.net.skip_full.weight.abs().sum() > 0
    assert not torch.equal(grown.net.conv_in.weight, one.net.conv_in.weight)
    cfg3.out, cfg3.shared = tmp_path / "run4", None
    with pytest.raises(EngineError, match="--shared"):
        train_artist(cfg3, log=logs.append, encoder=encoder)


def test_queue_batches_auto_jobs_only_when_they_take_the_adain_path(routed, photo, monkeypatch):
    import io

    from engine.jobs import Job, StyleRef, run_job, run_jobs

    engine, _ = routed
    buf = io.BytesIO()
    photo.resize((64, 48)).save(buf, "PNG")
    make = lambda slug, method: Job(user_id="t:1", chat_id="t", image=buf.getvalue(),
                                    styles=[StyleRef("artist", slug)], method=method, max_side=64)
    jobs = [make("gogh", "auto"), make("monet", "auto"), make("gogh", "adain"), make("klimt", "auto")]
    calls = []
    real = engine.stylize_batch
    monkeypatch.setattr(engine, "stylize_batch", lambda items, **kw: calls.append(len(items)) or real(items, **kw))
    assert engine.paints_adaptively("gogh") and not engine.paints_adaptively("monet")
    results = run_jobs(engine, jobs)
    assert calls == [3]                 # monet, gogh (forced AdaIN), klimt; winning gogh alone
    assert all(r.ok for r in results)
    single = run_job(engine, jobs[0])
    from PIL import Image

    a = _arr(Image.open(io.BytesIO(results[0].image)))
    assert np.abs(a - _arr(Image.open(io.BytesIO(single.image)))).mean() < 1


# -- community styles with their own parameters (AdaptiveStyle) ------------------------------
def community_style(model: AdaptiveModel, wins=True, net_id=None, seed=1):
    from engine.adaptive import AdaptiveStyle
    from engine.descriptors import StyleDescriptor
    from styles import load_catalog

    torch.manual_seed(seed)
    desc = StyleDescriptor.load(load_catalog().resolve("klimt").descriptor_path)
    return AdaptiveStyle(1 + 0.5 * torch.randn(model.net.style_size), 0.5 * torch.randn(model.net.style_size),
                         desc, net_id or model.net_id, wins, {"iterations": 5})


def test_adaptive_style_file_round_trip():
    from engine.adaptive import AdaptiveStyle

    style = community_style(tiny_model("gogh"))
    again = AdaptiveStyle.from_bytes(style.to_bytes())
    assert torch.equal(again.gamma, style.gamma) and torch.equal(again.beta, style.beta)
    assert again.net_id == style.net_id and again.wins and again.info == {"iterations": 5}
    assert again.descriptor.distance(style.descriptor) == 0
    with pytest.raises(EngineError, match="not an adaptive style file"):
        AdaptiveStyle.from_bytes(b"garbage")


def test_community_style_paints_with_its_parameters_only_on_its_network(routed, photo):
    from engine.images import to_image

    engine, model = routed
    photo = photo.resize((64, 48))
    style = community_style(model)
    own = _arr(to_image(model.paint(to_tensor(photo), [(style, 1.0)])))
    assert np.abs(_arr(engine.stylize(photo, style, method="auto")) - own).max() <= 1
    adain = _arr(engine.stylize(photo, style.descriptor, method="adain"))
    assert np.array_equal(_arr(engine.stylize(photo, style, method="adain")), adain)
    assert np.abs(own - adain).mean() > 3
    # trained on another network, or lost its verdict: its statistics through AdaIN
    for other in (community_style(model, net_id="0" * 16), community_style(model, wins=False)):
        assert np.array_equal(_arr(engine.stylize(photo, other, method="auto")), adain)
    with pytest.raises(EngineError, match="another network"):
        engine.stylize(photo, community_style(model, net_id="0" * 16), method="adaptive")
    # mixed with a winning catalog artist: the parameters interpolate
    mixed = engine.stylize(photo, [(style, 0.5), ("gogh", 0.5)], method="auto")
    expected = _arr(to_image(model.paint(to_tensor(photo), [(style, 0.5), ("gogh", 0.5)])))
    assert np.abs(_arr(mixed) - expected).max() <= 1


def test_a_job_carries_a_community_style_file(routed, photo):
    import io

    from engine.jobs import Job, StyleRef, run_job

    engine, model = routed
    style = community_style(model)
    buf = io.BytesIO()
    photo.resize((64, 48)).save(buf, "PNG")
    job = Job(user_id="t:1", chat_id="t", image=buf.getvalue(), styles=[StyleRef("adaptive", style.to_bytes())],
              method="auto", max_side=64)
    assert engine.paints_adaptively(style)
    result = run_job(engine, job)
    direct = engine.stylize(photo.resize((64, 48)), style, method="auto")
    from PIL import Image

    adain = engine.stylize(photo.resize((64, 48)), style, method="adain")
    got = _arr(Image.open(io.BytesIO(result.image)))
    assert result.ok and np.abs(got - _arr(direct)).mean() < np.abs(got - _arr(adain)).mean() / 2   # JPEG-encoded
    bad = run_job(engine, Job(user_id="t:1", chat_id="t", image=buf.getvalue(),
                              styles=[StyleRef("adaptive", b"garbage")], method="auto", max_side=64))
    assert not bad.ok and bad.error_key == "style_file_damaged"


def test_community_style_training_and_verdict(tmp_path, photo, painting):
    """train-artist NAME --descriptor on a trained shared network trains only NAME's parameters;
    export_style judges it against AdaIN on validation photos and writes the file jobs carry."""
    from engine import Engine
    from engine.adaptive import AdaptiveStyle
    from engine.train_adaptive import ArtistTrainConfig, export_style, train_artist
    from engine.vgg import Encoder, load_vgg
    from styles import load_catalog

    encoder = Encoder(load_vgg())
    content = tmp_path / "data" / "content"
    content.mkdir(parents=True)
    names = [f"p{i}.jpg" for i in range(40)]
    train = [n for n in names if not is_validation(content / n)][:2]
    val = [n for n in names if is_validation(content / n)][:1]
    for name, im in zip(train + val, (photo, painting, photo)):
        im.resize((80, 72)).save(content / name)
    base = tmp_path / "base.safetensors"
    tiny_model("gogh").save(base)
    descriptor = load_catalog().resolve("klimt").descriptor_path
    cfg = ArtistTrainConfig(slugs=["ourstyle"], data=tmp_path / "data", out=tmp_path / "run", base=base,
                            descriptor=descriptor, iterations=3, batch=1, crop=48, device="cpu", precision="fp32")
    logs = []
    result = train_artist(cfg, log=logs.append, encoder=encoder)
    assert "training CIN parameters of ourstyle" in logs[0]
    model = AdaptiveModel.load(result.path)
    assert model.net_id == AdaptiveModel.load(base).net_id          # the shared network is untouched
    out = tmp_path / "ourstyle.adaptive.safetensors"
    style = export_style(result.path, "ourstyle", descriptor, out, tmp_path / "data", photos=1, side=64,
                         log=logs.append, engine=Engine(adaptive=result.path, precision="fp32"))
    assert "verdict for ourstyle" in logs[-1]
    again = AdaptiveStyle.load(out)
    assert again.wins == style.wins and again.info["photos"] == 1 and again.net_id == model.net_id
    assert torch.equal(again.gamma, model.artists["ourstyle"].gamma)
    # without a trained shared network there is nothing to fit a community style to
    cfg.base, cfg.out = tmp_path / "missing.safetensors", tmp_path / "run2"
    AdaptiveModel.new(TINY).save(cfg.base)
    with pytest.raises(EngineError, match="shipped adaptive model"):
        train_artist(cfg, log=logs.append, encoder=encoder)


def test_score_loss_is_evaluate_artists_score(engine_fp32, photo, painting):
    """The adaptive trainer's --loss score: the photo itself scores (content 0, style 1), the
    signature painting (content 1, style 0), as evaluate-artists scores them."""
    from engine.adain import mean_std
    from engine.images import to_tensor
    from engine.train_adaptive import ArtistTrainConfig, score_loss
    from engine.vgg import STYLE_LAYERS

    enc = engine_fp32.encoder
    p = to_tensor(photo.resize((64, 64)))
    s = to_tensor(painting.resize((64, 64)))
    with torch.no_grad():
        feats = enc(s, STYLE_LAYERS)
        style_stats = {k: mean_std(v) for k, v in feats.items()}
        signature = feats["relu4_1"].float()
        cfg = ArtistTrainConfig(slugs=["x"], data=Path("."), tv_weight=0.0, style_weight=1.0)
        c, st, total = score_loss(enc, p, p, style_stats, signature, cfg)
        assert abs(float(c)) < 1e-6 and abs(float(st) - 1) < 1e-4 and abs(float(total) - 1) < 1e-4
        c, st, _ = score_loss(enc, s, p, style_stats, signature, cfg)
        assert abs(float(c) - 1) < 1e-4 and abs(float(st)) < 1e-6


def test_training_with_the_score_loss(tmp_path, photo, monkeypatch):
    """--loss score trains from the signature paintings; a community style (no painting) is refused."""
    from engine.train_adaptive import ArtistTrainConfig, train_artist
    from engine.vgg import Encoder, load_vgg

    from tests.engine.conftest import DATA

    if not (DATA / "artists" / "gogh").exists():
        pytest.skip("no shared data")
    content = tmp_path / "data" / "content"
    content.mkdir(parents=True)
    for name in [n for n in (f"p{i}.jpg" for i in range(20)) if not is_validation(content / n)][:2]:
        photo.resize((80, 72)).save(content / name)
    cfg = ArtistTrainConfig(slugs=["gogh"], data=tmp_path / "data", out=tmp_path / "run", iterations=4,
                            batch=2, crop=64, lr=1e-2, channels=TINY.channels, residual_blocks=1,
                            device="cpu", precision="fp32", base=None, shared=True,
                            loss="score", style_weight=1.0, paintings=DATA / "artists")
    import engine.train_adaptive as ta

    monkeypatch.setattr(ta, "DEFAULT_ADAPTIVE", tmp_path / "none")
    encoder = Encoder(load_vgg())
    result = train_artist(cfg, log=lambda _: None, encoder=encoder)
    assert len(result.losses) == 4 and all(np.isfinite(result.losses))
    assert AdaptiveModel.load(result.path).artists["gogh"].info["loss"] == "score"
    # --photo-side: crops cut from photos kept larger (the evaluation's scale); never below the crop
    cfg.out, cfg.photo_side, cfg.iterations = tmp_path / "run_side", 96, 2
    assert np.isfinite(train_artist(cfg, log=lambda _: None, encoder=encoder).losses).all()
    cfg.out, cfg.photo_side = tmp_path / "run_small", 48
    with pytest.raises(EngineError, match="smaller than --crop"):
        train_artist(cfg, log=lambda _: None, encoder=encoder)
    cfg.photo_side = None
    cfg.paintings = tmp_path / "nowhere"
    cfg.out = tmp_path / "run2"
    with pytest.raises(EngineError, match="signature painting"):
        train_artist(cfg, log=lambda _: None, encoder=encoder)
