"""What refine_steps costs: the fast path alone and with 5, 10, 20 refinement steps, and /hq,
side by side in one process on one device.

`python -m bench.refine_speed [--device cuda] [--side 512]` writes bench/results/refine_speed.md.
The quality each step count buys is `python -m engine evaluate --methods fast,refine10,...`
(docs/quality.md); this is only the seconds. On a GPU host this says whether a few steps fit a
"within seconds" reply (training/gpu_run.sh runs it first when a GPU is lent).
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import torch
from PIL import Image

from bench.engine_speed import eval_photo
from bench.report import machine, write_report
from engine import load_engine
from engine.gatys import STEPS
from engine.images import open_image, resize_to

ROOT = Path(__file__).resolve().parents[1]


def seconds(paint, repeats: int) -> float:
    """Median wall time of ``paint()`` over ``repeats`` runs, after one warm-up run."""
    paint()
    times = []
    for _ in range(repeats):
        if torch.cuda.is_available():
            torch.cuda.synchronize()
        start = time.perf_counter()
        paint()
        if torch.cuda.is_available():
            torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--device", default=None, help="cpu, cuda (default: CUDA when there is one)")
    p.add_argument("--side", type=int, default=512, help="the photo's longer side")
    p.add_argument("--photo", type=Path, default=None, help="default: the first photo of eval/content")
    p.add_argument("--steps", default="5,10,20", help="refine_steps to time, comma separated")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "refine_speed.md")
    args = p.parse_args(argv)

    engine = load_engine(device=args.device)
    photo = open_image(args.photo or eval_photo())
    if max(photo.size) < args.side:     # gpu_pack's photos are small: time the size users send
        scale = args.side / max(photo.size)
        photo = photo.resize((round(photo.size[0] * scale), round(photo.size[1] * scale)), Image.BICUBIC)
    photo = resize_to(photo, args.side)
    rows = [("fast path alone", 0)] + [(f"fast path + {n} steps", int(n)) for n in args.steps.split(",")]
    lines = ["# refine_steps: seconds", "",
             f"`python -m bench.refine_speed` on {engine.device} ({machine() if engine.device.type == 'cpu' else torch.cuda.get_device_name()}), "
             f"precision {engine.precision}, one {photo.size[0]}x{photo.size[1]} photo painted as gogh, "
             f"median of {args.repeats} runs after a warm-up, all in one process.", "",
             "| painting | seconds | x the fast path |", "|---|---|---|"]
    fast = None
    for name, steps in rows:
        s = seconds(lambda: engine.stylize(photo, "gogh", max_side=args.side, refine_steps=steps), args.repeats)
        fast = fast or s
        lines.append(f"| {name} | {s:.3f} | {s / fast:.1f} |")
    s = seconds(lambda: engine.stylize(photo, "gogh", method="gatys", max_side=args.side), max(1, args.repeats // 3))
    lines.append(f"| /hq ({STEPS} steps) | {s:.3f} | {s / fast:.1f} |")
    write_report(args.out, lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
