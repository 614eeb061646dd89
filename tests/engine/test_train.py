"""Decoder training: a few tiny steps write a checkpoint, and a second run resumes from it."""
import numpy as np
from PIL import Image
from safetensors import safe_open
from safetensors.torch import load_file

from engine.train import TrainConfig, export_decoder, is_validation, list_images, train_decoder


def make_folder(folder, seed):
    folder.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    for i in range(12):
        Image.fromarray(rng.integers(0, 255, (72, 80, 3), dtype=np.uint8)).save(folder / f"img{i}.jpg")


def iterations(path):
    with safe_open(str(path), "pt") as f:
        return int(f.metadata()["iterations"])


def test_train_resume_and_export(tmp_path):
    make_folder(tmp_path / "data" / "content", 0)
    make_folder(tmp_path / "data" / "style", 1)
    train = list_images(tmp_path / "data" / "content")
    assert train and not any(is_validation(p) for p in train)   # the validation split is held out

    logs = []
    cfg = TrainConfig(data=tmp_path / "data", out=tmp_path / "run", iterations=2, batch=2, crop=32, save_every=1)
    weights = train_decoder(cfg, log=logs.append)
    assert iterations(weights) == 2
    first = load_file(weights)

    cfg.iterations = 3
    train_decoder(cfg, log=logs.append)
    assert any("resuming from iteration 2" in line for line in logs)
    assert iterations(weights) == 3
    after = load_file(weights)
    assert any(not np.allclose(first[k].numpy(), after[k].numpy()) for k in first)

    shipped = tmp_path / "shipped.safetensors"
    export_decoder(weights, shipped)
    assert shipped.stat().st_size < weights.stat().st_size * 0.6   # fp16
    assert iterations(shipped) == 3


def test_score_loss_is_the_evaluation_score(engine_fp32, photo, painting):
    """The decoder's score loss is evaluate's balanced score: a "decoder" that returns the photo
    scores (content 0, style 1), one that returns the painting (content 1, style 0), as
    `python -m engine evaluate` defines it; and it agrees with Scorer on a real picture."""
    import torch

    from engine.evaluate import Scorer, stats_of
    from engine.images import to_image, to_tensor
    from engine.train import score_loss

    size = (96, 96)
    content = to_tensor(photo.resize(size))
    style = to_tensor(painting.resize(size))
    enc = engine_fp32.encoder
    with torch.no_grad():
        c, s, total = score_loss(enc, lambda target: content, content, style)
        assert abs(float(c)) < 1e-6 and abs(float(s) - 1) < 1e-4 and abs(float(total) - 1) < 1e-4
        c, s, _ = score_loss(enc, lambda target: style, content, style)
        assert abs(float(c) - 1) < 1e-4 and abs(float(s)) < 1e-6
        blurred = torch.nn.functional.avg_pool2d(content, 3, 1, 1)
        c, s, total = score_loss(enc, lambda target: blurred, content, style)
    # Scorer describes the painting at 512 px; here at the training crop's own size.
    scorer = Scorer(engine_fp32, to_image(content), to_image(style))
    scorer.style_stats = stats_of(engine_fp32, to_image(style))
    expected = scorer(to_image(blurred))
    assert abs(float(total) - expected.score) < 0.05 * expected.score
