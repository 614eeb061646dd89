"""A slimmer shared adaptive network taught by the shipped one: `python -m engine distill-artists`.

Why: on CPUs without AVX-512 BF16 the engine paints in fp32, and most of the adaptive network's
time goes to its full-size stage (the first and last convolutions, 16 channels at every pixel).
A network with fewer channels there is about 40% faster, but training one from scratch on the
score takes many hours on a CPU. Distillation is much cheaper: the student copies every layer it
shares with the teacher (the quarter-size middle, the half-size stage and their CIN parameters),
starts its thinner full-size layers from the teacher's most used channels, and learns to paint
what the teacher paints, in pixels (L1 of the pictures and of their gradients, every artist of
the teacher at once). No VGG pass, so an iteration costs a fraction of a score-loss one; the
score itself is then polished with `train-artist --base <student> --shared --loss score`.

A run's folder holds ``adaptive.safetensors`` (the student, loadable by the engine like any
adaptive model) and ``state.safetensors`` (Adam's state and the iteration), so it resumes. With a
``GracefulStop`` (the CLI's: SIGINT and SIGTERM) a run stops after the iteration under way and
saves it first.
"""
from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import torch
import torch.nn.functional as F

from .adaptive import DEFAULT_ADAPTIVE, AdaptiveModel, ArtistParams, TransformNet
from .errors import EngineError
from .train import (GracefulStop, RunLock, holds_run, list_images, load_pool, out_of_step, progress_line,
                    random_batch, save_pair)
from .train_adaptive import adam_state_tensors, read_run_state, restore_adam_state


@dataclass
class DistillConfig:
    data: Path                              # the folder holding content/ (../shared/data/train)
    teacher: Path = DEFAULT_ADAPTIVE
    out: Path = Path("runs/adaptive/distill")
    full_channels: int = 8                  # the student's channels at full size (the teacher's c1)
    edge_kernel: int | None = None          # the student's first/last kernel (None: the teacher's)
    iterations: int = 3000
    batch: int = 8
    crop: int = 192
    photo_side: int | None = 192
    lr: float = 1e-3
    gradient_weight: float = 1.0            # L1 of the pictures' x/y differences (texture), besides L1
    save_every: int = 100
    log_every: int = 10
    seed: int = 0
    device: str = "auto"                    # auto (CUDA when there is one), cpu, cuda, cuda:1


@dataclass
class DistillResult:
    path: Path
    iteration: int
    losses: list[float] = field(default_factory=list)


def _most_used(reads: torch.Tensor, gains: torch.Tensor, keep: int) -> torch.Tensor:
    """The ``keep`` channels (sorted) that matter most downstream: each channel's mean |CIN gain|
    over the artists (its typical size after the norm) times the norm of the weights reading it."""
    return torch.sort(torch.topk(gains.abs().mean(0) * reads, keep).indices).values


def shrink(teacher: AdaptiveModel, full_channels: int, edge_kernel: int | None = None) -> AdaptiveModel:
    """A student whose full-size stage has ``full_channels`` channels (and ``edge_kernel``-sized
    first/last kernels, the teacher's centre), every other layer and CIN parameter copied.
    The first stage keeps the channels the stride-2 conv and the full-size skip read most; the
    last keeps the channels the output conv reads most."""
    t = teacher.net
    tc = t.config
    c1 = tc.channels[0]
    if full_channels > c1:
        raise EngineError(f"the student's {full_channels} full-size channels are more than the teacher's {c1}")
    k = edge_kernel or tc.edge_kernel
    if k > tc.edge_kernel or k % 2 == 0:
        raise EngineError(f"edge kernel {k}: odd and at most the teacher's {tc.edge_kernel}")
    config = replace(tc, channels=(full_channels,) + tuple(tc.channels[1:]), edge_kernel=k)
    student = TransformNet(config)
    # The first and the last CIN layer are the full-size ones.
    gammas = torch.stack([a.gamma for a in teacher.artists.values()]) if teacher.artists else torch.ones(1, t.style_size)
    firsts, lasts = gammas[:, :c1], gammas[:, -c1:]
    # Readers of the first stage: the stride-2 conv and (with skips) the full-size 1x1 skip.
    reads_first = t.down1.weight.transpose(0, 1).flatten(1).norm(dim=1)
    if tc.skips:
        reads_first = reads_first + t.skip_full.weight.transpose(0, 1).flatten(1).norm(dim=1)
    first = _most_used(reads_first, firsts, full_channels)
    last = _most_used(t.conv_out.weight.transpose(0, 1).flatten(1).norm(dim=1), lasts, full_channels)
    cut = (tc.edge_kernel - k) // 2
    edge = slice(cut, tc.edge_kernel - cut)
    state = {name: p.detach().clone() for name, p in t.state_dict().items()}
    state["conv_in.weight"] = state["conv_in.weight"][first][..., edge, edge]
    state["conv_in.bias"] = state["conv_in.bias"][first]
    state["down1.weight"] = state["down1.weight"][:, first]
    state["up2.weight"] = state["up2.weight"][last]
    state["up2.bias"] = state["up2.bias"][last]
    state["conv_out.weight"] = state["conv_out.weight"][:, last][..., edge, edge]
    if tc.skips:
        state["skip_full.weight"] = state["skip_full.weight"][last][:, first]
    student.load_state_dict(state)

    def cut_params(v: torch.Tensor) -> torch.Tensor:
        return torch.cat([v[:c1][first], v[c1:-c1], v[-c1:][last]])

    artists = {slug: ArtistParams(cut_params(a.gamma), cut_params(a.beta), dict(a.info))
               for slug, a in teacher.artists.items()}
    return AdaptiveModel(student.eval().requires_grad_(False), artists)


def picture_loss(out: torch.Tensor, target: torch.Tensor, gradient_weight: float) -> torch.Tensor:
    """L1 of the pictures plus L1 of their horizontal and vertical differences."""
    loss = F.l1_loss(out, target)
    if gradient_weight:
        dx = lambda t: t[..., :, 1:] - t[..., :, :-1]
        dy = lambda t: t[..., 1:, :] - t[..., :-1, :]
        loss = loss + gradient_weight * (F.l1_loss(dx(out), dx(target)) + F.l1_loss(dy(out), dy(target)))
    return loss


def distill(cfg: DistillConfig, log=print, stop: GracefulStop | None = None) -> DistillResult:
    """Train (or resume) ``cfg``'s run. The device, the photos, the teacher and the student are
    checked before ``cfg.out`` is created (when training starts). With ``stop`` signalled the run
    saves the iteration under way and returns it (``stop.signum`` set). Another run training in
    ``cfg.out`` is an EngineError (``RunLock``)."""
    with RunLock(cfg.out) as lock:
        return _distill(cfg, log, stop, lock)


def _distill(cfg: DistillConfig, log, stop: GracefulStop | None, lock: RunLock) -> DistillResult:
    from .core import pick_device
    from .file_modes import save_file

    stop = stop or GracefulStop()
    device = pick_device(cfg.device)
    content = cfg.data / "content"
    if not content.is_dir():
        raise EngineError(f"no training photos: {content} is not a folder")
    photo_paths = list_images(content, "train")
    if not photo_paths:
        raise EngineError(f"no training photos under {content}")
    model_path, state_path = cfg.out / "adaptive.safetensors", cfg.out / "state.safetensors"
    teacher = AdaptiveModel.load(cfg.teacher)
    slugs = [s for s, a in teacher.artists.items() if int(a.info.get("iterations", 0)) > 0]
    if not slugs:
        raise EngineError(f"{cfg.teacher} has no trained artist to learn from")
    start = 0
    lock.acquire()                      # a folder there: no other run writes its checkpoint while it is read
    if holds_run(model_path, state_path, "to keep it, move it out of the folder (train-artist --base can "
                 "polish it)", log):
        meta, state = read_run_state(state_path)
        if meta.get("teacher_net_id") != teacher.net_id:
            raise EngineError(f"{cfg.out} holds a run taught by another network; use another --out")
        student = AdaptiveModel.load(model_path)
        start = int(meta["iterations"])
        held = {a.info.get("distill_iterations") for a in student.artists.values()}
        weights_iteration = held.pop() if len(held) == 1 else None
        if isinstance(weights_iteration, int) and out_of_step(weights_iteration, start, log):
            start, state = weights_iteration, {}        # Adam afresh
        stop.saved = start
        log(f"resuming from iteration {start}")
    else:
        student = shrink(teacher, cfg.full_channels, cfg.edge_kernel)
        log(f"student {student.net.config} from teacher {teacher.net.config}")
    if start >= cfg.iterations:         # before the photos load: nothing of them is needed
        log(f"already at iteration {start} (asked for {cfg.iterations}); nothing to do")
        return DistillResult(model_path, start, [])

    t_net = teacher.net.to(device).eval()
    s_net = student.net.to(device).train().requires_grad_(True)
    t_gamma = torch.stack([teacher.artists[s].gamma for s in slugs]).to(device)
    t_beta = torch.stack([teacher.artists[s].beta for s in slugs]).to(device)
    gammas = torch.nn.Parameter(torch.stack([student.artists[s].gamma for s in slugs]).to(device))
    betas = torch.nn.Parameter(torch.stack([student.artists[s].beta for s in slugs]).to(device))
    named = {"gamma": gammas, "beta": betas, **{f"net.{k}": p for k, p in s_net.named_parameters()}}
    opt = torch.optim.Adam(named.values(), lr=cfg.lr)
    if start:
        restore_adam_state(opt, named, state, device, state_path)

    pool = load_pool(photo_paths, cfg.photo_side or cfg.crop, log)
    log(f"{len(pool)} photos, {len(slugs)} artists, device {device}")
    rng = random.Random(cfg.seed + start)
    torch.manual_seed(cfg.seed + start)

    def save(iteration: int) -> None:
        for i, slug in enumerate(slugs):
            a = student.artists[slug]
            a.gamma, a.beta = gammas[i].detach().float().cpu().clone(), betas[i].detach().float().cpu().clone()
            a.info.update({"distilled_from": teacher.net_id, "distill_iterations": iteration, "wins": False})
            for key in ("score", "adain_score", "likeness", "adain_likeness"):
                a.info.pop(key, None)
        student.net, student._net_id = s_net, None     # the weights changed: a new fingerprint
        with stop.saving(cfg.out):      # a signal now waits: the two files stay a pair
            weights, weights_meta = student.tensors()
            tensors = adam_state_tensors(opt, named)
            meta = {"iterations": str(iteration), "teacher_net_id": teacher.net_id, "slugs": json.dumps(slugs)}
            save_pair((model_path, lambda tmp: save_file(weights, tmp, metadata=weights_meta)),
                      (state_path, lambda tmp: save_file(tensors, tmp, metadata=meta)))
            stop.saved = iteration

    losses: list[float] = []
    t0, done, last = time.time(), 0, start
    lock.start_training(bool(start), model_path, state_path)   # (the state: renamed first of a pair)
    with stop.deferring():              # a signal now stops after this iteration, saved
        for it in range(start, cfg.iterations):
            photo = random_batch(pool, cfg.batch, cfg.crop, rng).to(device)
            index = torch.tensor([rng.randrange(len(slugs)) for _ in range(cfg.batch)], device=device)
            with torch.no_grad():
                target = t_net(photo, t_gamma[index], t_beta[index])
            loss = picture_loss(s_net(photo, gammas[index], betas[index]), target, cfg.gradient_weight)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            losses.append(float(loss.item()))
            done, last = done + 1, it + 1
            if (it + 1) % cfg.log_every == 0 or it + 1 == cfg.iterations:
                recent = losses[-cfg.log_every:]
                log(progress_line(it + 1, cfg.iterations, (time.time() - t0) / done,
                                  f"loss {sum(recent) / len(recent):.4f}"))
            if (it + 1) % cfg.save_every == 0 or it + 1 == cfg.iterations or stop.signum is not None:
                save(it + 1)
            if stop.signum is not None:
                break
    s_net.eval().requires_grad_(False)
    return DistillResult(model_path, max(start, last) if stop.signum is not None else max(start, cfg.iterations),
                         losses)
