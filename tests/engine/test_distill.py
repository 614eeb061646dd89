"""Distilling a slimmer shared adaptive network from a trained one (engine/distill_adaptive.py)."""
from __future__ import annotations

import signal
from dataclasses import replace

import numpy as np
import pytest
import torch

from engine.adaptive import AdaptiveModel, NetConfig
from engine.distill_adaptive import DistillConfig, distill, shrink
from engine.errors import EngineError
from engine.train_split import is_validation
from tests.engine.runs import cli, run_until_progress, signal_at, stopped_at

TEACHER = NetConfig((6, 8, 8), 1, 5, skips=True)


def teacher_model(seed=0) -> AdaptiveModel:
    torch.manual_seed(seed)
    model = AdaptiveModel.new(TEACHER)
    for p in model.net.parameters():
        p.data.normal_(0, 0.3)
    for i, slug in enumerate(("gogh", "monet")):
        a = model.add_artist(slug)
        a.gamma = 1 + 0.5 * torch.randn(model.net.style_size)
        a.beta = 0.5 * torch.randn(model.net.style_size)
        a.info["iterations"] = 10
    return model


def paint(model, x, slug):
    return model.paint(x, [(slug, 1.0)], dither=0.0)


def test_a_student_as_wide_as_its_teacher_paints_the_same():
    teacher = teacher_model()
    student = shrink(teacher, 6)
    x = torch.rand(1, 3, 40, 36)
    for slug in ("gogh", "monet"):
        assert torch.equal(paint(student, x, slug), paint(teacher, x, slug))


def test_a_slimmer_student_copies_the_middle_and_keeps_the_used_channels():
    teacher = teacher_model()
    t = teacher.net
    # Make channel 2 of the first stage unread (the stride-2 conv and the skip ignore it) and
    # channel 4 of the last stage unread (the output conv ignores it): the student drops them.
    with torch.no_grad():
        t.down1.weight[:, 2] = 0
        t.skip_full.weight[:, 2] = 0
        t.conv_out.weight[:, 4] = 0
    student = shrink(teacher, 5, edge_kernel=3)
    s = student.net
    assert s.config == replace(TEACHER, channels=(5, 8, 8), edge_kernel=3)
    kept_first = [0, 1, 3, 4, 5]
    kept_last = [0, 1, 2, 3, 5]
    assert torch.equal(s.conv_in.weight, t.conv_in.weight[kept_first][..., 1:4, 1:4])
    assert torch.equal(s.down1.weight, t.down1.weight[:, kept_first])
    assert torch.equal(s.up2.weight, t.up2.weight[kept_last])
    assert torch.equal(s.conv_out.weight, t.conv_out.weight[:, kept_last][..., 1:4, 1:4])
    assert torch.equal(s.skip_full.weight, t.skip_full.weight[kept_last][:, kept_first])
    for name in ("down2.weight", "up1.weight", "skip_half.weight", "res.0.0.weight"):
        assert torch.equal(s.state_dict()[name], t.state_dict()[name])
    g_t, g_s = teacher.artists["gogh"].gamma, student.artists["gogh"].gamma
    assert g_s.shape == (s.style_size,)
    assert torch.equal(g_s[:5], g_t[:6][kept_first])
    assert torch.equal(g_s[5:-5], g_t[6:-6])
    assert torch.equal(g_s[-5:], g_t[-6:][kept_last])


def test_a_student_cannot_be_wider_than_its_teacher():
    with pytest.raises(EngineError, match="more than the teacher"):
        shrink(teacher_model(), 7)
    with pytest.raises(EngineError, match="edge kernel"):
        shrink(teacher_model(), 4, edge_kernel=7)


def test_distillation_learns_the_teacher_and_resumes(tmp_path, photo, painting):
    teacher = teacher_model()
    teacher_path = tmp_path / "teacher.safetensors"
    teacher.save(teacher_path)
    content = tmp_path / "data" / "content"
    content.mkdir(parents=True)
    names = [n for n in (f"p{i}.jpg" for i in range(20)) if not is_validation(content / n)][:2]
    for name, im in zip(names, (photo, painting)):
        im.resize((80, 72)).save(content / name)
    cfg = DistillConfig(data=tmp_path / "data", teacher=teacher_path, out=tmp_path / "run", full_channels=3,
                        iterations=30, batch=2, crop=48, photo_side=64, lr=1e-2, save_every=10, log_every=5,
                        device="cpu")
    logs = []
    result = distill(cfg, log=logs.append)
    assert any(line.endswith("device cpu") for line in logs), logs
    assert len(result.losses) == 30
    assert np.mean(result.losses[-5:]) < 0.8 * np.mean(result.losses[:5])
    assert any("ETA" in line for line in logs)
    student = AdaptiveModel.load(result.path)
    assert student.net.config.channels == (3, 8, 8)
    info = student.artists["gogh"].info
    assert info["distill_iterations"] == 30 and info["distilled_from"] == teacher.net_id
    assert not student.wins("gogh")          # judged again before any command uses it

    cfg.iterations = 34
    logs = []
    again = distill(cfg, log=logs.append)
    assert "resuming from iteration 30" in logs[0] and len(again.losses) == 4

    # the run's folder belongs to its teacher
    other = teacher_model(seed=1)
    other.save(teacher_path)
    with pytest.raises(EngineError, match="another network"):
        distill(cfg, log=logs.append)




def distill_data(tmp_path, photo, painting):
    """A small teacher's file and two training photos; the CLI's arguments for a run on them."""
    teacher_path = tmp_path / "teacher.safetensors"
    teacher_model().save(teacher_path)
    content = tmp_path / "data" / "content"
    content.mkdir(parents=True)
    names = [n for n in (f"p{i}.jpg" for i in range(20)) if not is_validation(content / n)][:2]
    for name, im in zip(names, (photo, painting)):
        im.resize((80, 72)).save(content / name)
    return ["distill-artists", "--data", str(tmp_path / "data"), "--teacher", str(teacher_path),
            "--out", str(tmp_path / "run"), "--full-channels", "3", "--batch", "1", "--crop", "32",
            "--photo-side", "48", "--save-every", "100", "--iterations", "1000", "--device", "cpu"]


def saved_iteration(run):
    from safetensors import safe_open

    with safe_open(str(run / "state.safetensors"), "pt") as f:
        iteration = int(f.metadata()["iterations"])
    student = AdaptiveModel.load(run / "adaptive.safetensors")
    assert student.artists["gogh"].info["distill_iterations"] == iteration      # the pair is one checkpoint
    return iteration


def test_distill_artists_stops_on_a_signal_with_the_iteration_saved(tmp_path, photo, painting):
    """SIGINT or SIGTERM: the iteration under way finishes and is saved (with --save-every 100 up to
    99 iterations used to be lost, and SIGTERM killed the run with no line), one line says where,
    and the same command resumes from there."""
    args = distill_data(tmp_path, photo, painting)
    run = tmp_path / "run"

    status, stdout, err, took = run_until_progress(args, signal.SIGINT)
    assert status == 130, err
    first = stopped_at(err)
    assert 10 <= first < 100 and took < 60          # not the last periodic checkpoint (none yet)
    assert saved_iteration(run) == first

    status, stdout, err, took = run_until_progress(args, signal.SIGTERM)
    assert f"resuming from iteration {first}\n" in stdout
    assert status == 143, err
    second = stopped_at(err)
    assert second > first, err
    assert saved_iteration(run) == second


def test_distill_artists_stops_at_once_before_training_and_on_a_second_signal(tmp_path, photo, painting,
                                                                                monkeypatch, capsys):
    import engine.__main__ as cli

    args = distill_data(tmp_path, photo, painting)
    run = tmp_path / "run"

    sent = signal_at(monkeypatch, "student ")                    # the student is built: before the first iteration
    assert cli.main(args) == 130 and sent
    assert capsys.readouterr().err == "stopped before training began; nothing saved\n"
    assert not list(run.glob("*.safetensors"))

    sent = signal_at(monkeypatch, "it ", times=2)                # a second signal: no waiting
    assert cli.main(args) == 130 and sent[0].startswith("it 10/1000 ")
    assert capsys.readouterr().err == "stopped before the first checkpoint; nothing saved\n"
    assert not list(run.glob("*.safetensors"))

    monkeypatch.setattr(cli, "flushed", print)
    assert cli.main([*args, "--iterations", "3"]) == 0
    capsys.readouterr()
    sent = signal_at(monkeypatch, "it ", times=2)
    assert cli.main(args) == 130 and sent
    assert capsys.readouterr().err == "stopped; the last checkpoint is iteration 3; run the same command to resume\n"
    assert saved_iteration(run) == 3


def test_distill_artists_checks_its_inputs_before_creating_out(tmp_path, photo, painting, capsys):
    """--out used to be created first: a bad teacher, no photos or too wide a student left an
    empty run folder behind (besides the error)."""
    args = distill_data(tmp_path, photo, painting)[:-2]      # without --device: what an old command line says
    run = tmp_path / "run"
    at = lambda option: args.index(option) + 1
    cases = []
    bad = list(args)
    bad[at("--teacher")] = str(tmp_path / "missing.safetensors")
    cases.append((bad, "adaptive weights not found at"))
    bad = list(args)
    bad[at("--teacher")] = str(sorted((tmp_path / "data" / "content").iterdir())[0])     # a photo
    cases.append((bad, "are unusable"))
    (tmp_path / "empty" / "content").mkdir(parents=True)
    bad = list(args)
    bad[at("--data")] = str(tmp_path / "empty")
    cases.append((bad, f"no training photos under {tmp_path / 'empty' / 'content'}"))
    bad = list(args)
    bad[at("--data")] = str(tmp_path / "nowhere")
    cases.append((bad, "no training photos: "))
    bad = list(args)
    bad[at("--full-channels")] = "7"
    cases.append((bad, "more than the teacher"))
    for bad, words in cases:
        status, stdout, lines = cli(capsys, *bad)
        assert status == 2 and len(lines) == 1 and words in lines[0], (bad, lines)
        assert not run.exists(), bad


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
def test_distill_artists_device_is_passed_through(tmp_path, photo, painting, capsys):
    """distill-artists had no --device (it took CUDA whenever there was one); it is checked like
    train-artist's, before --out is created."""
    args = distill_data(tmp_path, photo, painting)
    for device, words in (("cuda", "no CUDA GPU"), ("bogus", "unknown device 'bogus'"), ("mps", "only cpu and cuda")):
        status, stdout, lines = cli(capsys, *args, "--device", device)
        assert status == 2 and len(lines) == 1 and words in lines[0], (device, lines)
        assert not (tmp_path / "run").exists()
