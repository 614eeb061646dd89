"""Which optimiser gets the lowest score for the same number of VGG forward+backward passes, from
the fast painting (what /hq and refine_steps do with Adam at lr LEARNING_RATE).

`python -m bench.refine_optimisers --configs adam,adam_lr03,lbfgs --pairs 4 --max-side 384`
scores each config on fixed pairs of the train/ validation split (never eval/) after 5, 10, 20 and
40 evaluations of the loss (one evaluation = one forward+backward through VGG to relu4_1: L-BFGS
is counted by its function evaluations, not its iterations), with the evaluation's own scorer, and
writes one JSON line per (pair, config) to --log and the mean table to --out. The loss is exactly
gatys_stylize's (estimated normalisers, the style's statistics); only the optimiser changes.
"""
from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

import torch
import torch.nn.functional as F

from engine.gatys import LEARNING_RATE, score_normalisers, style_loss, style_targets
from engine.images import open_image, resize_to, to_image

ROOT = Path(__file__).resolve().parents[1]
COUNTS = (5, 10, 20, 40)


class Budget(Exception):
    """The evaluation budget is spent."""


def make_loss(engine, photo, desc):
    """The loss gatys_stylize minimises (alpha 1), as a function of a (1, 3, H, W) image."""
    targets = style_targets(engine, desc)
    with torch.no_grad():
        photo_feats = engine.encoder(engine._input(photo), tuple(targets) + ("relu4_1",))
    content_norm, style_norm = score_normalisers(photo_feats, targets)
    content = photo_feats["relu4_1"].float()
    layers = tuple(targets) + ("relu4_1",)

    def loss(image):
        feats = engine.encoder(image.to(engine.dtype).contiguous(memory_format=engine._memory_format), layers)
        return (F.mse_loss(feats["relu4_1"].float(), content) / content_norm
                + style_loss(feats, targets) / style_norm)
    return loss


# -- optimisers: each runs up to max(COUNTS) evaluations and calls snap(k, image) after the k-th ----

def adam(loss, start, snap, *, lr=LEARNING_RATE, decay=1.0, floor=0.0, betas=(0.9, 0.999), warmup=0):
    """The engine's Adam on the pixels, clamped after each step; lr_t = max(floor, lr * decay^t),
    and over the first ``warmup`` steps rising linearly to it (Adam's first steps are sign-like:
    every pixel moves by lr)."""
    x = start.clone().requires_grad_(True)
    opt = torch.optim.Adam([x], lr=lr, betas=betas)
    for k in range(1, max(COUNTS) + 1):
        opt.param_groups[0]["lr"] = max(floor, lr * decay ** (k - 1)) * min(1.0, k / (warmup + 1))
        value = loss(x)
        opt.zero_grad(set_to_none=True)
        value.backward()
        opt.step()
        with torch.no_grad():
            x.clamp_(0, 1)
        snap(k, x.detach())


def lbfgs(loss, start, snap, *, lr=1.0, history=10, line_search=None):
    """torch L-BFGS on the pixels (clamped inside the loss). Each count keeps the best image it has
    evaluated so far: an evaluation is also a measurement of that image."""
    x = start.clone().contiguous().requires_grad_(True)
    opt = torch.optim.LBFGS([x], lr=lr, history_size=history, max_iter=10_000, max_eval=10_000,
                            tolerance_grad=0, tolerance_change=0, line_search_fn=line_search)
    state = {"k": 0, "best": math.inf, "image": start.clone()}

    def closure():
        if state["k"] >= max(COUNTS):
            raise Budget()
        opt.zero_grad(set_to_none=True)
        value = loss(x.clamp(0, 1))
        value.backward()
        x.grad = x.grad.contiguous()            # L-BFGS flattens it; the encoder's is channels-last
        state["k"] += 1
        if float(value.detach()) < state["best"]:
            state["best"], state["image"] = float(value.detach()), x.detach().clamp(0, 1).clone()
        snap(state["k"], state["image"])
        return value
    try:
        while True:
            opt.step(closure)
    except Budget:
        pass


def pyramid_levels(image, levels):
    """Laplacian pyramid: image == sum of the levels, each upsampled (bilinear) to full size."""
    out, cur = [], image
    for _ in range(levels - 1):
        low = F.avg_pool2d(cur, 2, ceil_mode=True)
        out.append(cur - F.interpolate(low, size=cur.shape[-2:], mode="bilinear", align_corners=False))
        cur = low
    out.append(cur)
    return out


def from_pyramid(parts):
    cur = parts[-1]
    for part in reversed(parts[:-1]):
        cur = part + F.interpolate(cur, size=part.shape[-2:], mode="bilinear", align_corners=False)
    return cur


def adam_pyramid(loss, start, snap, *, lr=LEARNING_RATE, levels=4, scale=1.0):
    """Adam on a Laplacian pyramid of the image; level l's lr is lr * scale^l (coarser: larger)."""
    parts = [p.detach().clone().requires_grad_(True) for p in pyramid_levels(start, levels)]
    opt = torch.optim.Adam([{"params": [p], "lr": lr * scale ** i} for i, p in enumerate(parts)])
    for k in range(1, max(COUNTS) + 1):
        value = loss(from_pyramid(parts).clamp(0, 1))
        opt.zero_grad(set_to_none=True)
        value.backward()
        opt.step()
        snap(k, from_pyramid(parts).detach().clamp(0, 1))


def adam_decorrelated(loss, start, snap, *, lr=LEARNING_RATE):
    """Adam on colour-decorrelated pixels: image = start + M y, M the square root of the start's
    colour covariance scaled to unit mean variance, so steps follow the picture's colour axes."""
    flat = start.flatten(2)[0]                              # (3, N)
    cov = torch.cov(flat)
    vals, vecs = torch.linalg.eigh(cov)
    m = vecs @ torch.diag(vals.clamp_min(1e-8).sqrt()) @ vecs.T
    m = m / m.diagonal().mean()
    y = torch.zeros_like(start, requires_grad=True)
    opt = torch.optim.Adam([y], lr=lr)

    def image():
        return (start + torch.einsum("ij,bjhw->bihw", m, y)).clamp(0, 1)
    for k in range(1, max(COUNTS) + 1):
        value = loss(image())
        opt.zero_grad(set_to_none=True)
        value.backward()
        opt.step()
        snap(k, image().detach())


CONFIGS = {
    "adam": lambda l, s, n: adam(l, s, n),                              # the engine today (lr 0.01)
    "adam_lr02": lambda l, s, n: adam(l, s, n, lr=0.02),
    "adam_lr03": lambda l, s, n: adam(l, s, n, lr=0.03),
    "adam_lr03_decay": lambda l, s, n: adam(l, s, n, lr=0.03, decay=0.93, floor=0.005),
    "adam_lr05_decay": lambda l, s, n: adam(l, s, n, lr=0.05, decay=0.9, floor=0.005),
    "adam_lr005": lambda l, s, n: adam(l, s, n, lr=0.005),
    "adam_warmup": lambda l, s, n: adam(l, s, n, lr=0.015, warmup=4),
    "adam_b99": lambda l, s, n: adam(l, s, n, lr=0.02, betas=(0.9, 0.99)),
    "lbfgs": lambda l, s, n: lbfgs(l, s, n),
    "lbfgs_wolfe": lambda l, s, n: lbfgs(l, s, n, line_search="strong_wolfe"),
    "pyramid": lambda l, s, n: adam_pyramid(l, s, n),
    "pyramid_half": lambda l, s, n: adam_pyramid(l, s, n, scale=0.5),
    "pyramid_x2": lambda l, s, n: adam_pyramid(l, s, n, scale=2.0),
    "decorrelated": lambda l, s, n: adam_decorrelated(l, s, n),
    "decorrelated_lr02": lambda l, s, n: adam_decorrelated(l, s, n, lr=0.02),
}


def main(argv=None) -> int:
    from engine import load_engine
    from engine.evaluate import Scorer, fixed_pairs

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "train",
                   help="the train/ folder: its validation split is scored")
    p.add_argument("--pairs", type=int, default=4)
    p.add_argument("--max-side", type=int, default=384)
    p.add_argument("--configs", default="adam,lbfgs", help="comma list of " + ", ".join(CONFIGS))
    p.add_argument("--log", type=Path, default=Path("/tmp/refine_optimisers.jsonl"))
    p.add_argument("--out", type=Path, default=None, help="the markdown table (default: none)")
    args = p.parse_args(argv)
    configs = args.configs.split(",")
    unknown = [c for c in configs if c not in CONFIGS]
    if unknown:
        p.error(f"unknown configs {unknown}; choose from {', '.join(CONFIGS)}")

    torch.manual_seed(0)
    engine = load_engine()
    rows: dict[str, list[dict[int, float]]] = {c: [] for c in configs}
    pairs = []                      # (photo, scorer, fast start, loss) per pair, made once
    for photo_path, painting_path in fixed_pairs(args.data, args.pairs, validation=True):
        photo = resize_to(open_image(photo_path), args.max_side)
        painting = open_image(painting_path)
        desc = engine.resolve_style(painting)
        pairs.append((photo_path.name, painting_path.name, photo, Scorer(engine, photo, painting),
                      engine.adain_tensor(photo, desc).detach().float().clone(), make_loss(engine, photo, desc)))
    fast_scores = [scorer(to_image(start)).score for _, _, _, scorer, start, _ in pairs]
    for config in configs:          # config by config: a stopped run still has whole configs
        for i, (photo_name, painting_name, photo, scorer, start, loss) in enumerate(pairs):
            scores: dict[int, float] = {}

            def snap(k, image):
                if k in COUNTS:
                    scores[k] = scorer(to_image(image[..., : photo.size[1], : photo.size[0]])).score
            t0 = time.perf_counter()
            CONFIGS[config](loss, start, snap)
            line = {"pair": i + 1, "photo": photo_name, "painting": painting_name, "config": config,
                    "fast": fast_scores[i], "scores": scores, "seconds": round(time.perf_counter() - t0, 1)}
            with args.log.open("a") as f:
                f.write(json.dumps(line) + "\n")
            print(json.dumps(line), flush=True)
            rows[config].append(scores)

    table = [f"| config | {' | '.join(f'{k} evals' for k in COUNTS)} |", "|---|" + "---|" * len(COUNTS),
             f"| fast path (0) | {' | '.join(f'{sum(fast_scores) / len(fast_scores):.3f}' for _ in COUNTS)} |"]
    for config, per_pair in rows.items():
        means = [sum(s[k] for s in per_pair) / len(per_pair) for k in COUNTS]
        table.append(f"| {config} | {' | '.join(f'{m:.3f}' for m in means)} |")
    print("\n".join(table))
    if args.out:
        args.out.write_text("\n".join(table) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
