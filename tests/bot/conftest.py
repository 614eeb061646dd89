"""Shared fixtures for the bot tests: settings in a temp dir, small generated photos, a fake
queue for the command layer alone, and one real engine per session for the end-to-end tests."""
from __future__ import annotations

import asyncio
import contextlib
import io

import pytest
from PIL import Image, ImageDraw

from bot.commands import CommandLayer, Reply
from bot.settings import Settings
from bot.store import Store
from engine.jobs import JobResult
from engine.queue.base import JobStatus


def make_photo(w: int = 96, h: int = 72, seed: int = 0, fmt: str = "JPEG") -> bytes:
    """A small synthetic photo: a gradient sky, a sun, a house (enough structure to paint)."""
    im = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(im)
    for y in range(h):
        draw.line([(0, y), (w, y)], fill=(70 + y * 2 % 120, 120 + seed * 20 % 100, 200 - y))
    draw.ellipse([w * 0.65, h * 0.1, w * 0.85, h * 0.35], fill=(250, 220, 60))
    draw.rectangle([w * 0.15, h * 0.5, w * 0.45, h * 0.95], fill=(150, 60, 40))
    draw.polygon([(w * 0.1, h * 0.5), (w * 0.3, h * 0.25), (w * 0.5, h * 0.5)], fill=(90, 40, 30))
    buf = io.BytesIO()
    im.save(buf, fmt)
    return buf.getvalue()


@pytest.fixture
def photo() -> bytes:
    return make_photo()


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(_env_file=None, DATA_DIR=tmp_path / "data", MAX_SIDE=128, HQ_MAX_SIDE=64,
                    PREVIEW_SIDE=64, RATE_LIMIT_JOBS=50, MAX_PENDING_PER_USER=5,
                    ADMIN_USER_IDS="tg:1000", TELEGRAM_TOKEN=None, DISCORD_TOKEN=None)


@pytest.fixture
def store(settings):
    s = Store(settings.DATA_DIR)
    yield s
    s.close()


class FakeQueue:
    """The JobQueue interface without an engine: records jobs, answers with the photo itself."""

    def __init__(self, error: str | None = None, delay: float = 0.0):
        self.jobs = []
        self.error = error
        self.delay = delay
        self.cancelled_users = []
        self.cancelled_jobs = []        # the ids /cancel or a closed chat asked to cancel
        self.forgotten_users = []
        self.finished_early = asyncio.Event()     # set by finish_now

    def finish_now(self) -> None:
        """The paintings under way end now, not after ``delay`` (a test held them in progress
        only until it had looked)."""
        self.finished_early.set()

    async def start(self): ...
    async def stop(self): ...

    async def submit(self, job):
        self.jobs.append(job)
        return JobStatus(job.id, "queued", position=0, eta_seconds=1.0)

    async def wait(self, job_id, on_status=None):
        if on_status:
            await on_status(JobStatus(job_id, "running", position=0, progress=0.5))
        if self.delay and not self.finished_early.is_set():
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.finished_early.wait(), self.delay)
        else:
            await asyncio.sleep(0)
        job = next(j for j in self.jobs if j.id == job_id)
        if self.error:
            return JobResult(job_id, False, error_key=self.error, error_params={"detail": "x"})
        return JobResult(job_id, True, image=job.image, seconds=0.01)

    async def cancel(self, job_id):
        self.cancelled_jobs.append(job_id)
        return False

    async def cancel_user(self, user_id):
        self.cancelled_users.append(user_id)
        return 0

    async def forget_user(self, user_id):
        self.forgotten_users.append(user_id)
        return await self.cancel_user(user_id)

    def status(self):
        return {"waiting": 0, "running": 0, "mean_seconds": 1.0}


class Recorder:
    """A Responder that keeps what was sent and edited."""

    def __init__(self):
        self.sent: list[Reply] = []
        self.edits: list[tuple[int, Reply]] = []

    async def send(self, reply: Reply) -> int:
        self.sent.append(reply)
        return len(self.sent) - 1

    async def edit(self, handle, reply: Reply) -> None:
        self.edits.append((handle, reply))
        self.sent[handle] = reply

    @property
    def texts(self) -> list[str]:
        return [r.text for r in self.sent]

    @property
    def images(self) -> list[bytes]:
        return [r.image for r in self.sent if r.image]


@pytest.fixture
def fake_queue():
    return FakeQueue()


@pytest.fixture
def layer(settings, store, fake_queue):
    described = []

    async def describer(images, path):
        described.append(len(images))
        path.write_bytes(b"descriptor")

    layer = CommandLayer(settings, store, fake_queue, describer=describer)
    layer.described = described
    return layer


@pytest.fixture(scope="session")
def engine():
    """The real engine, loaded once for every end-to-end test."""
    from engine import load_engine

    eng = load_engine()
    eng.stylize(Image.open(io.BytesIO(make_photo())), "gogh", max_side=64)   # warm up
    return eng


@pytest.fixture
async def real_queue(engine):
    from engine.queue.memory import InProcessQueue

    q = InProcessQueue(engine_factory=lambda: engine)
    await q.start()
    yield q
    await q.stop()


@pytest.fixture
def real_layer(settings, store, real_queue, engine):
    from bot.commands import engine_describer

    return CommandLayer(settings, store, real_queue, describer=engine_describer(lambda: engine))


@pytest.fixture
def training_settings(settings, tmp_path):
    """Settings for a real community-style training run, tiny: three photos of 96x72 (two for
    training, one of the validation split), 3 iterations of 48 px crops."""
    from engine.train_split import is_validation

    content = tmp_path / "train" / "content"
    content.mkdir(parents=True)
    names = [f"p{i}.jpg" for i in range(40)]
    picked = [n for n in names if not is_validation(content / n)][:2] + [n for n in names if is_validation(content / n)][:1]
    for i, name in enumerate(picked):
        (content / name).write_bytes(make_photo(96, 72, seed=i))
    settings.STYLE_TRAINING_DATA = tmp_path / "train"
    settings.STYLE_TRAINING_ITERATIONS = 3
    settings.STYLE_TRAINING_BATCH = 1
    settings.STYLE_TRAINING_CROP = 48
    return settings
