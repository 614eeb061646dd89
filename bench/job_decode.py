"""A whole job from a phone-sized photo: the photo decoded only as large as its painting needs
(``engine.jobs.open_photo``, JPEG draft mode) against ``open_image``'s default (for a 2048 px
output: a 4000x3000 photo in full), what jobs did before; both then painted at 512 px by the same
engine.

`python -m bench.job_decode` writes bench/results/job_decode.md. The photo: the first eval photo
upscaled to 4000x3000 and saved as a JPEG (quality 90), as a 12 MP camera sends it. Both
contenders in this one process, taking turns call by call (bench.engine_speed.measure_interleaved).
"""
from __future__ import annotations

import argparse
import io
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from bench.engine_speed import ROOT, eval_photo, measure_interleaved, pct
from bench.report import machine, write_report
from engine import load_engine
from engine.images import encode_jpeg, open_image
from engine.jobs import Job, StyleRef, open_photo


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.job_decode")
    parser.add_argument("--reps", type=int, default=8)
    parser.add_argument("--artist", default="gogh")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "job_decode.md")
    args = parser.parse_args(argv)
    engine = load_engine()
    buf = io.BytesIO()
    Image.open(eval_photo()).convert("RGB").resize((4000, 3000), Image.BICUBIC).save(buf, "JPEG", quality=90)
    data = buf.getvalue()

    lines = ["# A job from a 12 MP photo: decoding for the painting's size", "",
             f"Measured by `python -m bench.job_decode` on {machine()}, {torch.get_num_threads()} torch threads, "
             f"torch {torch.__version__}, engine precision `{engine.precision}`, {time.strftime('%Y-%m-%d')}. "
             f"One eval photo as a 4000x3000 JPEG ({len(data) / 1e6:.1f} MB), painted at 512 px, artist "
             f"{args.artist}; decode, paint and JPEG-encode, as the worker does; both contenders in this one "
             f"process taking turns, {args.reps} runs each.", "",
             "| method | decoding | decoded size | p50 ms | p90 ms | max / mean difference (of 255) |",
             "|---|---|---|---|---|---|"]
    for method in ("auto", "adain"):
        job = Job("bench", "bench", data, [StyleRef("artist", args.artist)], method=method, max_side=512)
        decoders = {"for the painting (`open_photo`)": lambda: open_photo(job),
                    "`open_image`'s default (before)": lambda: open_image(data)}

        def work(decode):
            return encode_jpeg(engine.stylize(decode(), args.artist, method=method, max_side=512))

        photos = [decode() for decode in decoders.values()]
        pictures = [np.asarray(engine.stylize(p, args.artist, method=method, max_side=512), dtype=np.int16)
                    for p in photos]
        diff = np.abs(pictures[0] - pictures[1])
        timed = measure_interleaved([lambda d=d: work(d) for d in decoders.values()], args.reps)
        for name, photo, (times, _) in zip(decoders, photos, timed):
            size = "x".join(map(str, photo.size))
            lines.append(f"| `{method}` | {name} | {size} | {1000 * pct(times, .5):.0f} | {1000 * pct(times, .9):.0f} "
                         f"| {diff.max()} / {diff.mean():.2f} |")
            print(lines[-1], flush=True)
    write_report(args.out, lines)


if __name__ == "__main__":
    main()
