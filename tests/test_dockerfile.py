"""The Dockerfile, checked where no Docker daemon runs (here and in CI): hadolint's rules, and
that the image gets every package the project installs."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"
# DL3008 (pin apt package versions): the slim image's Debian moves on with security fixes, and a
# pinned version disappears from its archive; tini and a font are not worth a build that breaks.
IGNORED = ["DL3008"]


def test_hadolint_finds_nothing():
    # beside this Python (the venv's bin, not always on PATH), else on PATH
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which("hadolint")
    assert hadolint, "hadolint is missing: it is a test dependency (pip install -e '.[test]')"
    args = [hadolint, "--no-color", "--failure-threshold", "info"]
    for rule in IGNORED:
        args += ["--ignore", rule]
    done = subprocess.run([*args, str(DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_image_copies_every_package():
    """`pip install .` in the image finds only what was COPY'd: a new top-level package missing
    there would build an image that fails on its first import."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    packages = {p.rstrip("*") for p in project["tool"]["setuptools"]["packages"]["find"]["include"]}
    copied = set(re.findall(r"^COPY\s+(\S+)\s+\./\1\s*$", DOCKERFILE.read_text(), re.M))
    assert packages <= copied, f"not copied into the image: {sorted(packages - copied)}"
