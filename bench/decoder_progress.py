"""Validation score of the decoder along its training: does more training still pay?

`python -m bench.decoder_progress runs/snapshots/decoder_*.safetensors` scores each snapshot
(the fast path, alpha 1) on fixed pairs of the train/ validation split (never eval/) and writes
bench/results/decoder_progress.md. The issue's stopping rule: stop when the score improves by
less than 2% per 2000 iterations. One snapshot's score moves by about +-1.5% from the next on 8
pairs, as much as the rule's threshold, so the table also compares windows: the mean over the last
1000 iterations' snapshots against the same window 2000 iterations earlier.
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

from bench.report import write_report
from engine import load_engine
from engine.evaluate import Scorer, fixed_pairs
from engine.images import open_image, resize_to

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def iteration(path: Path) -> int:
    return int(re.findall(r"\d+", path.stem)[-1])


def kind(path: Path) -> str:
    """What the snapshot is, from its file: decoder kind and training loss."""
    from safetensors import safe_open

    from engine.decoder import has_photo_skip, is_skip_state

    with safe_open(str(path), "pt") as f:
        keys = list(f.keys())
        meta = f.metadata() or {}
    name = ("skip + photo" if has_photo_skip(keys) else "skip") if is_skip_state(keys) else "plain"
    return (f"{name} decoder, {meta.get('loss', 'adain')} loss, "
            f"style weight {float(meta.get('style_weight', 10)):g}")


def window_change(rows: list[tuple], i: int, span: int = 1000, gap: int = 2000) -> str:
    """Mean score of the snapshots in (it - span, it] against those in (it - gap - span, it - gap],
    same run kind, as a percentage; empty until both windows hold as many snapshots (at least 2)."""
    it, what = rows[i][0], rows[i][4]
    window = lambda end: [r[1] for r in rows[: i + 1] if end - span < r[0] <= end and r[4] == what]
    now, before = window(it), window(it - gap)
    if len(now) < 2 or len(now) != len(before):
        return ""
    return f"{(sum(now) - sum(before)) / sum(before) * 100:+.1f}%"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("snapshots", type=Path, nargs="+")
    parser.add_argument("--pairs", type=int, default=8)
    parser.add_argument("--max-side", type=int, default=256)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "decoder_progress.md")
    args = parser.parse_args(argv)

    pairs = fixed_pairs(DATA / "train", args.pairs, validation=True)
    measure = load_engine()
    inputs = [(resize_to(open_image(p), args.max_side), open_image(s)) for p, s in pairs]
    scorers = [Scorer(measure, photo, painting) for photo, painting in inputs]
    rows = []
    for snap in sorted(args.snapshots, key=iteration):
        engine = load_engine(decoder=snap)
        scores = [sc(engine.stylize(photo, painting, max_side=args.max_side))
                  for sc, (photo, painting) in zip(scorers, inputs)]
        mean = lambda f: sum(f(d) for d in scores) / len(scores)
        rows.append((iteration(snap), mean(lambda d: d.score), mean(lambda d: d.content), mean(lambda d: d.style),
                     kind(snap)))
        print(rows[-1], flush=True)
    lines = ["# Decoder training: validation score by iteration", "",
             f"`python -m bench.decoder_progress` on {len(pairs)} fixed pairs of the train/ validation split "
             f"({args.max_side} px, alpha 1; lower is better; see `python -m engine evaluate` for the score).", "",
             "| iteration | snapshot | score | content distance | style distance | change per 2000 iterations "
             "| change per 2000, 1000-iteration windows |",
             "|---|---|---|---|---|---|---|"]
    for i, (it, score, content, style, what) in enumerate(rows):
        change = ""
        earlier = [r for r in rows[:i] if r[0] <= it - 2000 and r[4] == what]     # same run kind
        if earlier:
            prev = earlier[-1]
            change = f"{(score - prev[1]) / prev[1] * 100 * 2000 / (it - prev[0]):+.1f}%"
        lines.append(f"| {it} | {what} | {score:.3f} | {content:.3f} | {style:.3f} | {change} | {window_change(rows, i)} |")
    write_report(args.out, lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
