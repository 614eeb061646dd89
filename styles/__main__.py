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


SHOWN_MISSING = 3       # paintings named in the line; the rest counted


def missing_paintings(artists, artists_dir: Path) -> list[str]:
    """The paintings of ``artists`` not in ``artists_dir`` (as "slug/file")."""
    return [f"{a.slug}/{p.file}" for a in artists for p in a.paintings if not (artists_dir / a.slug / p.file).is_file()]


def missing_line(missing: list[str], total: int, artists_dir: Path) -> str:
    """One line: how many are missing, the first few, where they were looked for, what to do."""
    shown = ", ".join(missing[:SHOWN_MISSING]) + (", …" if len(missing) > SHOWN_MISSING else "")
    return (f"{len(missing)} of the {total} paintings are missing in {artists_dir} ({shown}); put them "
            "there (<slug>/<file>, as styles/catalog.toml names them) or pass --artists-dir")


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Defaults shown in --help, as the engine's commands show theirs; an option whose default is
    None says in its own words what leaving it out does."""

    def _get_help_string(self, action):
        return action.help if action.default is None else super()._get_help_string(action)


def main(argv=None) -> int:
    formatter = HelpFormatter
    parser = argparse.ArgumentParser(prog="python -m styles", formatter_class=formatter,
                                     description="The artist catalog (styles/catalog.toml) and its descriptors.")
    sub = parser.add_subparsers(dest="cmd", required=True)
    build = sub.add_parser(
        "build", help="compute the artists' descriptors from their paintings", formatter_class=formatter,
        description="Compute each artist's descriptor (averaged VGG statistics of their paintings, the "
                    "per-painting ones, and the signature painting) from the paintings styles/catalog.toml "
                    "names, and write styles/descriptors/<slug>.safetensors. Every painting is checked "
                    "before the engine loads.",
        epilog="Exit status: 0 built, 2 a painting missing or an artist --only does not know (one line).")
    build.add_argument("--artists-dir", type=Path, default=DEFAULT_ARTISTS_DIR,
                       help="folder of the paintings, one subfolder per artist (<slug>/<file>, as "
                            "styles/catalog.toml names them)")
    build.add_argument("--only", nargs="*", metavar="ARTIST",
                       help="artists to rebuild, by slug or any of their names (default: all)")
    sub.add_parser("list", help="list the catalog", description="List the catalog's artists: slug, names, "
                   "years and how many paintings each has.")
    args = parser.parse_args(argv)

    from .catalog import load_catalog

    catalog = load_catalog()
    if args.cmd == "list":
        for a in catalog:
            print(f"{a.slug:12} {a.name_en} / {a.name_ko} ({a.years}), {len(a.paintings)} paintings")
        return 0

    from engine.errors import UnknownStyleError      # plain Python: the engine is not loaded

    try:                        # by slug or any of their names, as train-artist takes them ("고흐": gogh)
        only = {catalog.resolve(name).slug for name in args.only or []}
    except UnknownStyleError as exc:    # (a name not in the catalog built nothing, and said nothing)
        print(f"error: {exc} --only takes artists by slug or name (`python -m styles list`)", file=sys.stderr)
        return 2
    chosen = [artist for artist in catalog if not only or artist.slug in only]
    # all of them checked before the engine loads: it stopped at the first artist short of a
    # painting, with a long "missing [...]" list and exit 1 (the engine's commands: one line, exit 2)
    missing = missing_paintings(chosen, args.artists_dir)
    if missing:
        print(f"error: {missing_line(missing, sum(len(a.paintings) for a in chosen), args.artists_dir)}",
              file=sys.stderr)
        return 2

    from engine import load_engine
    from engine.images import open_image

    engine = load_engine(precision="fp32")   # descriptors in full precision, once
    for artist in chosen:
        start = time.time()
        folder = args.artists_dir / artist.slug
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
