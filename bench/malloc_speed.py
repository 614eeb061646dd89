"""Keeping freed memory (engine/memory.py) against glibc's default, side by side in one run.

`python -m bench.malloc_speed` writes bench/results/malloc_speed.md. glibc's thresholds are
process-wide, so each contender is a fresh child process (``load_engine(keep_freed_memory=...)``);
the two take turns, round after round, so the machine's slow spells fall on both alike. Each child
paints one eval photo at 512x512 with gogh: the generic AdaIN path and the adaptive model,
after warm-ups; it reports the median seconds, the minor page faults per painting and its peak RSS.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from statistics import median

from bench.engine_speed import ROOT, eval_photo
from bench.report import machine, write_report

CONTENDERS = {"glibc default (memory handed back)": "plain", "freed memory kept (the engine's default)": "keep"}
METHODS = ("adain", "adaptive")

CHILD = """
import json, resource, sys, time
from PIL import Image
from engine import load_engine
mode, photo_path, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
engine = load_engine(keep_freed_memory=mode == "keep")
photo = Image.open(photo_path).convert("RGB").resize((512, 512))
report = {"precision": engine.precision}
for method, n in (("adain", reps), ("adaptive", 2 * reps)):
    for _ in range(2):
        engine.stylize(photo, "gogh", method=method)
    faults, times = resource.getrusage(resource.RUSAGE_SELF).ru_minflt, []
    for _ in range(n):
        t = time.perf_counter()
        engine.stylize(photo, "gogh", method=method)
        times.append(time.perf_counter() - t)
    times.sort()
    report[method] = {"p50": times[n // 2],
                      "faults": (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults) / n}
report["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(report))
"""


def run_child(mode: str, photo: Path, reps: int) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(photo), str(reps)], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.malloc_speed")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reps", type=int, default=5, help="AdaIN paintings per child (adaptive: twice as many)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "malloc_speed.md")
    args = parser.parse_args(argv)
    photo = eval_photo()

    results: dict[str, list[dict]] = {name: [] for name in CONTENDERS}
    for r in range(args.rounds):
        for name, mode in CONTENDERS.items():
            results[name].append(run_child(mode, photo, args.reps))
            print(f"round {r + 1}: {name}: {results[name][-1]}", flush=True)

    precision = results[next(iter(CONTENDERS))][0]["precision"]
    lines = ["# Keeping freed memory: speed (CPU)", "",
             f"Measured by `python -m bench.malloc_speed` on {machine()}, engine precision `{precision}`, "
             f"{time.strftime('%Y-%m-%d')}. One photo from `eval/content` at 512x512, artist gogh; "
             f"{args.rounds} rounds, each a fresh process per contender, the contenders taking turns; "
             f"per process the median of {args.reps} AdaIN and {2 * args.reps} adaptive paintings "
             "after 2 warm-ups each. The table gives the median over the rounds.", "",
             "| contender | AdaIN p50 s | AdaIN page faults per painting | adaptive p50 s "
             "| adaptive page faults per painting | peak RSS MB |",
             "|---|---|---|---|---|---|"]
    for name, runs in results.items():
        cells = []
        for method in METHODS:
            cells += [f"{median(r[method]['p50'] for r in runs):.3f}",
                      f"{median(r[method]['faults'] for r in runs):,.0f}"]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {median(r['rss_mb'] for r in runs):.0f} |")
    lines += ["", "Per round (p50 s, AdaIN / adaptive):", ""]
    for name, runs in results.items():
        lines.append(f"- {name}: " + ", ".join(f"{r['adain']['p50']:.3f} / {r['adaptive']['p50']:.3f}" for r in runs))
    write_report(args.out, lines)


if __name__ == "__main__":
    main()
