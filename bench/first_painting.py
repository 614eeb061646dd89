"""The first painting of a freshly started engine worker against its next ones, with and without
a warm-up painting at the worker's start (before it says "ready").

`python -m bench.first_painting` writes bench/results/first_painting.md. The engine loads its
models on first use (engine.core.load_engine: VGG, decoder, catalog, adaptive model), so the first
user after a start pays for that inside their job. Each contender is a fresh child process built as
a worker builds its engine (engine.worker.build_engine), then, for "warmed at start", one job of a
64x48 photo (method auto, gogh) first: the warm-up a worker would run before "ready". Then three
jobs as the bot sends them (engine.jobs.run_job, method auto, MAX_SIDE 512) of a phone-sized JPEG
(the first eval photo scaled to 4032x3024): gogh, gogh again, then monet (another artist's first).
The contenders take turns, round after round; the table gives the median over the rounds.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from bench.engine_speed import ROOT, eval_photo
from bench.report import machine, write_report

CONTENDERS = {"lazy (as now)": "lazy", "warmed at start": "warm"}
JOBS = ("first gogh", "second gogh", "first monet")
LOADS = ("encoder", "decoder", "catalog", "adaptive")      # the engine's lazy models (engine.core.Engine)

CHILD = """
import io, json, sys, time
t0 = time.perf_counter()
from PIL import Image
from engine.jobs import Job, StyleRef, run_job
from engine.worker import build_engine
mode, photo_path = sys.argv[1], sys.argv[2]
LOADS = %r
engine = build_engine("engine:load_engine")
report = {"build_s": time.perf_counter() - t0, "precision": engine.precision, "device": str(engine.device)}

def job(image, artist, side):
    t, cpu = time.perf_counter(), time.process_time()
    result = run_job(engine, Job(user_id="bench", chat_id="bench", image=image, styles=[StyleRef("artist", artist)],
                                 method="auto", max_side=side))
    assert result.ok, result.error_key
    return [time.perf_counter() - t, time.process_time() - cpu]

if mode == "loads":         # what the first job loads, each on its own
    for name in LOADS:
        t, cpu = time.perf_counter(), time.process_time()
        getattr(engine, name)
        report[name] = [time.perf_counter() - t, time.process_time() - cpu]
    print(json.dumps(report))
    sys.exit(0)
if mode == "warm":
    tiny = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 140, 200)).save(tiny, "JPEG")
    report["warm_up_s"] = job(tiny.getvalue(), "gogh", 64)
photo = open(photo_path, "rb").read()
for name, artist in (("first gogh", "gogh"), ("second gogh", "gogh"), ("first monet", "monet")):
    report[name] = job(photo, artist, 512)
print(json.dumps(report))
"""


def _wall_cpu(times: list[list[float]]) -> str:
    """Median wall and CPU seconds of [wall, cpu] pairs: "1.23 (2.10)"."""
    return f"{median(t[0] for t in times):.2f} ({median(t[1] for t in times):.2f})"


def phone_photo(path: Path) -> None:
    """The eval photo as a phone sends one: 4032x3024, JPEG quality 92."""
    from PIL import Image

    buf = io.BytesIO()
    Image.open(eval_photo()).convert("RGB").resize((4032, 3024), Image.LANCZOS).save(buf, "JPEG", quality=92)
    path.write_bytes(buf.getvalue())


def run_child(mode: str, photo: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD % (LOADS,), mode, str(photo)], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.first_painting")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "first_painting.md")
    args = parser.parse_args(argv)

    results: dict[str, list[dict]] = {name: [] for name in CONTENDERS}
    loads: list[dict] = []
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        photo = Path(tmp) / "phone.jpg"
        phone_photo(photo)
        for r in range(args.rounds):
            for name, mode in CONTENDERS.items():
                results[name].append(run_child(mode, photo))
                print(f"round {r + 1}: {name}: {results[name][-1]}", flush=True)
            loads.append(run_child("loads", photo))

    load_after = os.getloadavg()[0]
    first = results[next(iter(CONTENDERS))][0]
    lines = ["# The first painting after a worker starts", "",
             f"Measured by `python -m bench.first_painting` on {machine()}, device `{first['device']}`, "
             f"engine precision `{first['precision']}`, {time.strftime('%Y-%m-%d')}. A 4032x3024 JPEG "
             "(the first eval photo scaled up, as a phone sends one) painted as the bot's jobs are "
             "(run_job, method auto, 512 px); each contender a fresh process per round, "
             f"{args.rounds} rounds taking turns; medians over the rounds, seconds: wall clock (CPU time "
             "of the process, all its threads, in brackets: less swayed by other load on the machine). The "
             f"machine's load average: {load_before:.1f} before, {load_after:.1f} after.", "",
             "| contender | engine built s | warm-up at start s | " + " s | ".join(JOBS) + " s |",
             "|---|---|---|" + "---|" * len(JOBS)]
    for name, runs in results.items():
        warm = [r["warm_up_s"] for r in runs if "warm_up_s" in r]
        cells = [f"{median(r['build_s'] for r in runs):.2f}", _wall_cpu(warm) if warm else "-"]
        cells += [_wall_cpu([r[job] for r in runs]) for job in JOBS]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "What the first job loads (a fresh engine, each model alone), wall (CPU) s: " +
              ", ".join(f"{name} {_wall_cpu([r[name] for r in loads])}" for name in LOADS) + "."]
    lines += ["", "Per round (" + " / ".join(JOBS) + "):", ""]
    for name, runs in results.items():
        lines.append(f"- {name}: " + ", ".join(" / ".join(f"{r[job][0]:.2f}" for job in JOBS) for r in runs))
    write_report(args.out, lines)


if __name__ == "__main__":
    main()
