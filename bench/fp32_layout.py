"""The engine in fp32 (what CPUs without AVX-512 BF16 run): contiguous against channels_last.

`python -m bench.fp32_layout` writes bench/results/fp32_layout.md. Two engines in one process,
the same weights, ``Engine(precision="fp32", channels_last=False / True)``, taking turns call by
call (bench.engine_speed.measure_interleaved): AdaIN on one eval photo at each size, artist gogh,
and one /hq painting each at 256 px.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import torch
from PIL import Image

from bench.engine_speed import ROOT, eval_photo, measure_interleaved, pct
from bench.report import machine, write_report
from engine.core import Engine
from engine.memory import keep_freed_memory

LAYOUTS = {"contiguous (NCHW)": False, "channels_last (NHWC)": True}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.fp32_layout")
    parser.add_argument("--sizes", type=int, nargs="*", default=[512, 1024])
    parser.add_argument("--reps", type=int, nargs="*", default=[8, 3])
    parser.add_argument("--hq-side", type=int, default=256)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "fp32_layout.md")
    args = parser.parse_args(argv)
    keep_freed_memory()  # as load_engine does in every engine process
    engines = {name: Engine(precision="fp32", channels_last=cl) for name, cl in LAYOUTS.items()}
    photo = Image.open(eval_photo()).convert("RGB")

    lines = ["# The engine in fp32: memory layout", "",
             f"Measured by `python -m bench.fp32_layout` on {machine()}, {torch.get_num_threads()} torch threads, "
             f"torch {torch.__version__}, {time.strftime('%Y-%m-%d')}. One eval photo resized square, artist gogh, "
             "AdaIN (`method=\"adain\"`); both layouts in this one process, taking turns call by call after a "
             "warm-up.", "",
             "| size | layout | runs | p50 s | p90 s | peak RSS MB |", "|---|---|---|---|---|---|"]
    for side, reps in zip(args.sizes, args.reps):
        img = photo.resize((side, side))
        fns = [lambda e=e: e.stylize(img, "gogh", method="adain", max_side=side) for e in engines.values()]
        for name, (times, peak) in zip(engines, measure_interleaved(fns, reps)):
            lines.append(f"| {side}x{side} | {name} | {reps} | {pct(times, 0.5):.3f} | {pct(times, 0.9):.3f} | {peak:.0f} |")
            print(lines[-1], flush=True)
    img = photo.resize((args.hq_side, args.hq_side))
    fns = [lambda e=e: e.stylize(img, "gogh", method="gatys", max_side=args.hq_side) for e in engines.values()]
    hq = measure_interleaved(fns, 1)
    lines += ["", f"/hq (Gatys) at {args.hq_side}x{args.hq_side}, one run each after a warm-up: "
              + ", ".join(f"{name} {times[0]:.1f} s" for name, (times, _) in zip(engines, hq)) + "."]
    write_report(args.out, lines)


if __name__ == "__main__":
    main()
