"""Writing a benchmark's markdown report: the same few lines for every bench script."""
from __future__ import annotations

import os
import platform
from pathlib import Path


def write_report(path: Path, lines: list[str]) -> None:
    """Write ``lines`` as a markdown file (creating its folder) and print them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def machine() -> str:
    """The CPU a bench ran on, e.g. "x86_64 (AMD EPYC, 2 cores, without AVX-512 BF16)": the
    engine's CPU precision and so its speed depend on it."""
    from engine.core import cpu_supports_bf16

    model = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    for line in cpuinfo.read_text().splitlines() if cpuinfo.exists() else []:
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    bf16 = "with" if cpu_supports_bf16() else "without"
    return f"{platform.machine()} ({model}, {os.cpu_count()} cores, {bf16} AVX-512 BF16)"
