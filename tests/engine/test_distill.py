"""Distilling a slimmer shared adaptive network from a trained one (engine/distill_adaptive.py)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch

from engine.adaptive import AdaptiveModel, NetConfig
from engine.distill_adaptive import DistillConfig, distill, shrink
from engine.errors import EngineError
from engine.train import is_validation

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
                        iterations=30, batch=2, crop=48, photo_side=64, lr=1e-2, save_every=10, log_every=5)
    logs = []
    result = distill(cfg, log=logs.append)
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
