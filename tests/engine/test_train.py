"""Decoder training: a few tiny steps write a checkpoint, and a second run resumes from it."""
import signal

import numpy as np
from PIL import Image
from safetensors import safe_open
from safetensors.torch import load_file

from engine.train import TrainConfig, export_decoder, train_decoder
from engine.train_split import is_validation, list_images
from tests.engine.runs import run_until_progress, signal_at, stopped_at


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


def test_a_snapshot_holds_its_own_iteration(tmp_path):
    """--snapshot-every not a multiple of --save-every used to copy the last checkpoint under the
    snapshot's name (decoder_2 held iteration 0's weights, or none: FileNotFoundError)."""
    make_folder(tmp_path / "data" / "content", 0)
    make_folder(tmp_path / "data" / "style", 1)
    cfg = TrainConfig(data=tmp_path / "data", out=tmp_path / "run", iterations=3, batch=1, crop=32,
                      save_every=100, snapshot_every=2)
    train_decoder(cfg, log=lambda line: None)
    assert iterations(tmp_path / "run" / "snapshots" / "decoder_2.safetensors") == 2
    assert iterations(tmp_path / "run" / "decoder.safetensors") == 3


def test_an_init_already_at_iterations_trains_and_claims_nothing(tmp_path, capsys):
    """`train-decoder --init X` with X's count at or past --iterations trained nothing, wrote no
    checkpoint, and still printed "decoder weights: OUT/decoder.safetensors" (a file that was not
    there), after loading VGG and every image. It says so instead, as train-artist does, and
    creates no run folder; a run folder's own finished checkpoint is still the one it names."""
    import torch
    from safetensors.torch import save_file

    from engine.__main__ import main
    from engine.decoder import build_decoder
    from engine.train import _save

    make_folder(tmp_path / "data" / "content", 0)
    make_folder(tmp_path / "data" / "style", 1)
    init = tmp_path / "init.safetensors"
    decoder = build_decoder()
    save_file({k: v.contiguous() for k, v in decoder.state_dict().items()}, init, metadata={"iterations": "5"})
    run = tmp_path / "run"
    args = ["train-decoder", "--data", tmp_path / "data", "--out", run, "--init", init, "--batch", "1",
            "--crop", "32", "--device", "cpu"]
    for asked in (5, 3):
        assert main([str(a) for a in args] + ["--iterations", str(asked)]) == 0
        out, err = capsys.readouterr()
        assert f"already at iteration 5 (asked for {asked}); nothing to do\n" in out, out
        assert out.endswith(f"no checkpoint written; raise --iterations to train on from {init}\n"), out
        assert "decoder weights" not in out and "loading images" not in out and not err
        assert not run.exists()

    # A finished run in --out: nothing to do, and its checkpoint (which exists) is named.
    run.mkdir()
    cfg = TrainConfig(data=tmp_path / "data", out=run)
    _save(decoder, torch.optim.Adam(decoder.parameters()), 4, run / "decoder.safetensors",
          run / "decoder.optim.safetensors", cfg)
    assert main([str(a) for a in args] + ["--iterations", "4"]) == 0
    out, err = capsys.readouterr()
    assert "resuming from iteration 4\n" in out and "already at iteration 4 (asked for 4); nothing to do\n" in out
    assert f"decoder weights: {run / 'decoder.safetensors'};" in out and not err
    assert iterations(run / "decoder.safetensors") == 4


def test_a_missing_init_leaves_no_run_folder(tmp_path, capsys):
    from engine.__main__ import main

    make_folder(tmp_path / "data" / "content", 0)
    run = tmp_path / "run"
    status = main(["train-decoder", "--data", str(tmp_path / "data"), "--out", str(run), "--device", "cpu",
                   "--init", str(tmp_path / "missing.safetensors")])
    assert status == 2 and capsys.readouterr().err.startswith("error: file not found")
    assert not run.exists()


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




def test_train_decoder_stops_on_a_signal_with_the_iteration_saved(tmp_path):
    """SIGINT or SIGTERM: the iteration under way finishes and is saved (with --save-every 100 up to
    99 iterations used to be lost, and SIGTERM killed the run with no line), one line says where,
    and the same command resumes from there."""
    make_folder(tmp_path / "data" / "content", 0)
    make_folder(tmp_path / "data" / "style", 1)
    run = tmp_path / "run"
    args = ["train-decoder", "--data", str(tmp_path / "data"), "--out", str(run), "--batch", "1", "--crop", "32",
            "--save-every", "100", "--iterations", "1000", "--device", "cpu"]

    status, stdout, err, took = run_until_progress(args, signal.SIGINT)
    assert status == 130, err
    first = stopped_at(err)
    assert 10 <= first < 100 and took < 60          # not the last periodic checkpoint (none yet)
    assert iterations(run / "decoder.optim.safetensors") == iterations(run / "decoder.safetensors") == first

    status, stdout, err, took = run_until_progress(args, signal.SIGTERM)
    assert f"resuming from iteration {first}\n" in stdout
    assert status == 143, err
    second = stopped_at(err)
    assert second > first, err
    assert iterations(run / "decoder.optim.safetensors") == iterations(run / "decoder.safetensors") == second


def test_train_decoder_stops_at_once_before_training_and_on_a_second_signal(tmp_path, monkeypatch, capsys):
    from engine.__main__ import main

    make_folder(tmp_path / "data" / "content", 0)
    make_folder(tmp_path / "data" / "style", 1)
    run = tmp_path / "run"
    args = ["train-decoder", "--data", str(tmp_path / "data"), "--out", str(run), "--batch", "1", "--crop", "32",
            "--save-every", "100", "--iterations", "1000", "--device", "cpu"]
    old = signal.getsignal(signal.SIGINT)

    sent = signal_at(monkeypatch, "loading images")              # before the first iteration
    assert main(args) == 130 and sent
    assert capsys.readouterr().err == "stopped before training began; nothing saved\n"
    assert not list(run.glob("*.safetensors"))

    sent = signal_at(monkeypatch, "it ", times=2)                 # a second signal: no waiting
    assert main(args) == 130 and sent[0].startswith("it 10/1000 ")
    assert capsys.readouterr().err == "stopped before the first checkpoint; nothing saved\n"
    assert not list(run.glob("*.safetensors"))
    assert signal.getsignal(signal.SIGINT) is old                 # the CLI's handlers are gone again

    assert main([*args, "--iterations", "3"]) == 0                # a checkpoint at 3 (the last --iterations counts)
    capsys.readouterr()
    sent = signal_at(monkeypatch, "it ", times=2)
    assert main(args) == 130 and sent
    assert capsys.readouterr().err == "stopped; the last checkpoint is iteration 3; run the same command to resume\n"
    assert iterations(run / "decoder.safetensors") == 3


def test_the_progress_line_is_what_the_bot_reads_a_styles_progress_from():
    from bot.style_training import PROGRESS
    from engine.train import progress_line

    line = progress_line(120, 1500, 1.5, "content 0.412 style 0.077")
    assert line == "it 120/1500 content 0.412 style 0.077 1.50s/it ETA 34.5 min"
    assert PROGRESS.match(line).groups() == ("120", "1500", "34.5")
