"""Writing a benchmark's markdown report: the same few lines for every bench script."""
from __future__ import annotations

from pathlib import Path


def write_report(path: Path, lines: list[str]) -> None:
    """Write ``lines`` as a markdown file (creating its folder) and print them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
