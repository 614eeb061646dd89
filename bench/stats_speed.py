"""AdaIN's feature statistics on channels_last features: ``engine.adain.mean_std`` (a sum and
chunked squared deviations) against torch's own mean and variance (the reference it replaced).

`python -m bench.stats_speed` writes bench/results/stats_speed.md: each VGG layer's statistics for
one eval photo at 512x512 (the shapes AdaIN reads), then AdaIN end to end (artist gogh) with each
implementation; both in this one process, taking turns call by call.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from bench.engine_speed import ROOT, eval_photo, measure_interleaved, pct
from bench.report import machine, write_report
from engine import adain, load_engine
from engine.images import open_image
from engine.vgg import STYLE_LAYERS


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.stats_speed")
    parser.add_argument("--side", type=int, default=512)
    parser.add_argument("--reps", type=int, default=8)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "stats_speed.md")
    args = parser.parse_args(argv)
    engine = load_engine()
    photo = open_image(eval_photo()).convert("RGB").resize((args.side, args.side), Image.BICUBIC)
    contenders = {"chunked sum (`adain.mean_std`)": adain._mean_std_channels_last,
                  "torch mean + var (reference)": adain._mean_std_torch}

    lines = ["# AdaIN's statistics on channels_last features", "",
             f"Measured by `python -m bench.stats_speed` on {machine()}, {torch.get_num_threads()} torch threads, "
             f"torch {torch.__version__}, engine precision `{engine.precision}`, {time.strftime('%Y-%m-%d')}. "
             f"One eval photo at {args.side}x{args.side}; both implementations in this one process, taking "
             f"turns call by call after a warm-up, {args.reps} runs each.", "",
             "| what | implementation | p50 ms | p90 ms | max difference |", "|---|---|---|---|---|"]
    feats = engine.features(photo, STYLE_LAYERS)
    for layer, feat in feats.items():
        feat = feat.contiguous(memory_format=torch.channels_last)
        results = [fn(feat, adain.EPS) for fn in contenders.values()]
        diff = max((a - b).abs().max().item() for a, b in zip(results[0], results[1]))
        timed = measure_interleaved([lambda fn=fn: fn(feat, adain.EPS) for fn in contenders.values()], args.reps * 2,
                                    settle=0.05)
        for name, (times, _) in zip(contenders, timed):
            lines.append(f"| {layer} {tuple(feat.shape)} | {name} | {1000 * pct(times, .5):.1f} | "
                         f"{1000 * pct(times, .9):.1f} | {diff:.1e} |")
            print(lines[-1], flush=True)

    def paint_with(fn):
        def paint():
            adain._mean_std_channels_last = fn
            return engine.stylize(photo, "gogh", method="adain", max_side=args.side)
        return paint

    original = adain._mean_std_channels_last
    try:
        pictures = [np.asarray(paint_with(fn)(), dtype=np.int16) for fn in contenders.values()]
        timed = measure_interleaved([paint_with(fn) for fn in contenders.values()], args.reps)
    finally:
        adain._mean_std_channels_last = original
    levels = int(np.abs(pictures[0] - pictures[1]).max())
    for name, (times, _) in zip(contenders, timed):
        lines.append(f"| AdaIN painting {args.side}x{args.side} | {name} | {1000 * pct(times, .5):.0f} | "
                     f"{1000 * pct(times, .9):.0f} | {levels} of 255 |")
        print(lines[-1], flush=True)
    write_report(args.out, lines)


if __name__ == "__main__":
    main()
