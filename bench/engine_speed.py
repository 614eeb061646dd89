"""Engine speed, side by side with a naive fp32 reference, in one process.

`python -m bench.engine_speed` (or `make bench`) writes bench/results/engine_speed.md.
The reference uses the same weights but does what a first implementation would: fp32,
contiguous tensors, and the encoder run on the style painting for every photo.
The engine uses the cached artist descriptor, bf16 autocast (where the CPU has it) and
channels_last. Peak RSS is the process's resident size sampled every 5 ms during each run.
"""
from __future__ import annotations

import argparse
import threading
import time
from pathlib import Path

import torch
from PIL import Image

from bench.report import machine, write_report
from engine import load_engine
from engine.adain import adain, mean_std
from engine.gatys import STEPS
from engine.images import open_image, resize_to, to_image, to_tensor
from styles import load_catalog

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
PAGE = 4096


def eval_photo() -> Path:
    """The photo every speed bench paints: the first of eval/content."""
    return sorted((DATA / "eval" / "content").glob("*.jpg"))[0]


class PeakRSS:
    """Samples /proc/self/statm in a thread; the peak resident set size in MB."""

    def __enter__(self):
        self.peak, self._stop = 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.is_set():
            with open("/proc/self/statm") as f:
                self.peak = max(self.peak, int(f.read().split()[1]) * PAGE)
            self._stop.wait(0.005)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @property
    def mb(self) -> float:
        return self.peak / 2**20


class NaiveReference:
    """fp32, no channels_last, the style painting encoded again for every photo."""

    def __init__(self, engine, painting: Image.Image):
        self.encoder = engine.encoder.to(memory_format=torch.contiguous_format)
        self.decoder = engine.decoder.to(memory_format=torch.contiguous_format)
        self.painting = painting

    @torch.no_grad()
    def stylize(self, photo: Image.Image) -> Image.Image:
        skip_layers = tuple(getattr(self.decoder, "skip_layers", ()))    # a SkipDecoder's shallower levels
        layers = ("relu4_1",) + skip_layers
        c = self.encoder(to_tensor(photo), layers)
        s = self.encoder(to_tensor(resize_to(self.painting, 512)), layers)
        target = adain(c["relu4_1"], *mean_std(s["relu4_1"]))
        if skip_layers:
            photo4 = c["relu4_1"] if self.decoder.uses_photo else None      # the photo skip, at alpha 1
            out = self.decoder(target, {k: adain(c[k], *mean_std(s[k])) for k in skip_layers}, photo4)
        else:
            out = self.decoder(target)
        return to_image(out[..., : photo.height, : photo.width])


def measure(fn, reps: int) -> tuple[list[float], float]:
    """One contender: a warm-up, then ``reps`` timed calls; the times and the peak RSS in MB."""
    return measure_interleaved([fn], reps, settle=0.0)[0]


def measure_interleaved(fns: list, reps: int, settle: float = 0.2) -> list[tuple[list[float], float]]:
    """Like ``measure`` for several contenders, taking turns call by call (A, B, C, A, B, C, ...):
    a shared machine's slow spells then fall on all of them alike instead of on whichever ran
    during them. Each contender's peak RSS is the process's, sampled during its own calls. A short
    pause before each call lets the previous contender's worker threads go idle (onnxruntime's
    spin after a run, which would otherwise be charged to the next contender)."""
    for fn in fns:
        fn()  # warm-up (first-touch allocations, oneDNN primitive caches)
    times: list[list[float]] = [[] for _ in fns]
    peaks = [0.0] * len(fns)
    for _ in range(reps):
        for i, fn in enumerate(fns):
            time.sleep(settle)
            with PeakRSS() as rss:
                t = time.perf_counter()
                fn()
                times[i].append(time.perf_counter() - t)
            peaks[i] = max(peaks[i], rss.mb)
    return list(zip(times, peaks))


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[256, 512, 1024, 2048])
    parser.add_argument("--reps", type=int, nargs="*", default=[10, 10, 4, 2])
    parser.add_argument("--hq-reps", type=int, default=1)
    parser.add_argument("--compare-decoder", type=Path,
                        help="also time the engine with these decoder weights (e.g. the previous plain decoder)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "engine_speed.md")
    args = parser.parse_args(argv)

    photo_path = eval_photo()
    artist = load_catalog().resolve("gogh")
    painting = open_image(DATA / "artists" / "gogh" / artist.paintings[-2].file)
    base = open_image(photo_path)
    engine = load_engine()
    engine.stylize(base, "gogh", max_side=256)
    reference = NaiveReference(load_engine(precision="fp32"), painting)
    other = load_engine(decoder=args.compare_decoder) if args.compare_decoder else None
    if other:
        other.stylize(base, "gogh", max_side=256)

    rows = []
    for size, reps in zip(args.sizes, args.reps):
        # Upscale the photo when needed so every size is really measured at that size.
        scale = size / max(base.size)
        photo = base.resize((round(base.width * scale), round(base.height * scale)), Image.BICUBIC)
        ref_t, ref_mb = measure(lambda: reference.stylize(photo), reps)
        eng_t, eng_mb = measure(lambda: engine.stylize(photo, "gogh", max_side=size), reps)
        other_t = measure(lambda: other.stylize(photo, "gogh", max_side=size), reps)[0] if other else None
        rows.append((size, photo.size, reps, ref_t, ref_mb, eng_t, eng_mb, other_t))
        print(f"{size}: reference p50 {pct(ref_t, .5):.3f}s, engine p50 {pct(eng_t, .5):.3f}s", flush=True)

    hq_photo = resize_to(base, 512) if max(base.size) >= 512 else base.resize((512, round(512 * base.height / base.width)))
    hq_t, hq_mb = measure(lambda: engine.stylize(hq_photo, "gogh", method="gatys", max_side=512), args.hq_reps) if args.hq_reps else ([], 0)

    lines = [
        "# Engine speed (CPU)", "",
        f"Measured by `python -m bench.engine_speed` on {machine()}, "
        f"{torch.get_num_threads()} threads, torch {torch.__version__}, engine precision `{engine.precision}`, "
        f"{time.strftime('%Y-%m-%d')}. Style: gogh (artist descriptor) for the engine; the reference encodes "
        "one of his paintings (512 px) for every photo. Same VGG and decoder weights in both.", "",
        "| size (px) | photo | runs | reference p50 (s) | reference p90 (s) | reference peak RSS (MB) | engine p50 (s) | engine p90 (s) | engine peak RSS (MB) | speed-up (p50) |"
        + (f" engine with `{args.compare_decoder.name}` p50 (s) |" if other else ""),
        "|---|---|---|---|---|---|---|---|---|---|" + ("---|" if other else ""),
    ]
    for size, psize, reps, ref_t, ref_mb, eng_t, eng_mb, other_t in rows:
        lines.append(f"| {size} | {psize[0]}x{psize[1]} | {reps} | {pct(ref_t, .5):.3f} | {pct(ref_t, .9):.3f} | {ref_mb:.0f} | "
                     f"{pct(eng_t, .5):.3f} | {pct(eng_t, .9):.3f} | {eng_mb:.0f} | {pct(ref_t, .5) / pct(eng_t, .5):.2f}x |"
                     + (f" {pct(other_t, .5):.3f} |" if other_t else ""))
    if hq_t:
        lines += ["", f"/hq (Gatys, {hq_photo.width}x{hq_photo.height}, {STEPS} Adam steps on the balanced score): "
                      f"p50 {pct(hq_t, .5):.1f} s over {len(hq_t)} run(s), peak RSS {hq_mb:.0f} MB."]
    lines += ["", "Peak RSS is of the whole process (both models loaded), so it includes the reference's copy of the weights."]
    write_report(args.out, lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
