"""`python -m styles build`: derive each artist's descriptors from ../shared/data/artists/.

Writes styles/descriptors/<slug>.safetensors: the artist's averaged VGG statistics, the
per-painting statistics, and which painting is the artist's signature. Only these derived numbers are committed, never the paintings.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

DEFAULT_ARTISTS_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "artists"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m styles")
    sub = parser.add_subparsers(dest="cmd", required=True)
    build = sub.add_parser("build", help="compute the artists' descriptors from their paintings")
    build.add_argument("--artists-dir", type=Path, default=DEFAULT_ARTISTS_DIR)
    build.add_argument("--only", nargs="*", help="slugs to rebuild (default: all)")
    sub.add_parser("list", help="list the catalog")
    args = parser.parse_args(argv)

    from .catalog import load_catalog

    catalog = load_catalog()
    if args.cmd == "list":
        for a in catalog:
            print(f"{a.slug:12} {a.name_en} / {a.name_ko} ({a.years}), {len(a.paintings)} paintings")
        return 0

    from engine import load_engine
    from engine.images import open_image

    engine = load_engine(precision="fp32")   # descriptors in full precision, once
    for artist in catalog:
        if args.only and artist.slug not in args.only:
            continue
        start = time.time()
        folder = args.artists_dir / artist.slug
        missing = [p.file for p in artist.paintings if not (folder / p.file).exists()]
        if missing:
            print(f"{artist.slug}: missing {missing} in {folder}", file=sys.stderr)
            return 1
        images = [open_image(folder / p.file) for p in artist.paintings]
        parts = [engine.describe_style([im]) for im in images]
        from engine.descriptors import StyleDescriptor

        agg = StyleDescriptor.average(parts)
        files = [p.file for p in artist.paintings]
        signature = files.index(artist.signature) if artist.signature else agg.nearest(parts)
        agg.meta = {"slug": artist.slug, "paintings": str(len(parts)), "vgg": engine.vgg_id,
                    "signature": str(signature)}
        agg.save(artist.descriptor_path, parts=parts)
        print(f"{artist.slug}: {len(parts)} paintings (signature: {files[signature]}), {time.time() - start:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
