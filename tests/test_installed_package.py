"""The project as `pip install .` installs it (the Docker image's last step), run away from the
checkout: every file the code opens beside itself (weights, the catalog, message catalogues, the
web chat's page) must be in the wheel, or the image fails on its first painting."""
from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Run from outside the checkout, with the installed copy first on the path: each module must come
# from there, and each file it reads must exist there.
CHECK = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PIL import Image
    target = Path(sys.argv[1]).resolve()
    import bot.messages, bot.webchat, bot.style_training, engine, styles.catalog
    for module in (bot.messages, bot.webchat, bot.style_training, engine, styles.catalog):
        assert target in Path(module.__file__).resolve().parents, module.__file__
    from bot.messages import t
    assert t("ko", "text_hint") and t("en", "text_hint") != t("ko", "text_hint")
    assert (bot.webchat.STATIC / "index.html").is_file()
    assert bot.style_training.shipped_adaptive_model().is_file()
    from engine import load_engine
    eng = load_engine(keep_freed_memory=False)
    photo = Image.new("RGB", (96, 64), (120, 160, 200))
    for method in ("adain", "auto"):
        out = eng.stylize(photo, "gogh", method=method, max_side=96)
        assert out.size == (96, 64), out.size
    print("ok")
""")


@pytest.mark.slow
def test_the_installed_wheel_paints_and_finds_its_files(tmp_path):
    source, wheels, target = tmp_path / "source", tmp_path / "wheels", tmp_path / "site"
    # what the Dockerfile copies, and nothing else (a build in the checkout would leave build/ there)
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for package in ("engine", "styles", "bot"):
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                            str(source), "-w", str(wheels)], capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stdout + build.stderr
    [wheel] = wheels.glob("paintbot-*.whl")
    install = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-compile",
                              "--target", str(target), str(wheel)], capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stdout + install.stderr
    run = subprocess.run([sys.executable, "-c", CHECK, str(target)], cwd=tmp_path, capture_output=True,
                         text=True, timeout=300, env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0 and run.stdout.strip().endswith("ok"), run.stdout + run.stderr
