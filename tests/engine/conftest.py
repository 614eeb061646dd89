"""Shared fixtures for the engine tests: one engine per session, small real photos."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


@pytest.fixture(scope="session")
def engine():
    from engine import load_engine

    return load_engine()


@pytest.fixture(scope="session")
def engine_fp32():
    from engine import load_engine

    return load_engine(precision="fp32")


def _first(folder: str) -> Path:
    files = sorted((DATA / folder).glob("*.jpg"))
    if not files:
        pytest.skip(f"{DATA / folder} has no images")
    return files[0]


@pytest.fixture(scope="session")
def photo() -> Image.Image:
    """A real photo from eval/, 160x120-ish (content only: never trained on)."""
    with Image.open(_first("eval/content")) as im:
        im = im.convert("RGB")
        im.thumbnail((160, 160))
        return im


@pytest.fixture(scope="session")
def painting() -> Image.Image:
    with Image.open(_first("eval/style")) as im:
        im = im.convert("RGB")
        im.thumbnail((128, 128))
        return im


def jpeg_bytes(im: Image.Image, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "JPEG", **kw)
    return buf.getvalue()


@pytest.fixture
def ticking(monkeypatch):
    """The shipped engine on a clock of its own (engine.core's time.monotonic): each VGG pass takes
    a second of it (the refine and /hq deadline tests)."""
    import types

    from tests.engine.test_refine_deadline import TickingEngine

    clock = [1000.0]
    monkeypatch.setattr("engine.core.time", types.SimpleNamespace(monotonic=lambda: clock[0]))
    return TickingEngine(clock, device="cpu")
