"""ENGINE_REFINE_STEPS reaches the engine each backend builds, and a factory that cannot take it
is a setting to fix, said in one line before any worker starts."""
import io
import subprocess
import sys

import pytest
from PIL import Image

from engine.queue import make_queue
from engine.queue.settings import QueueSettings
from engine.worker import EngineSetupError, build_engine, check_engine_settings
from tests.queue.conftest import make_job
from tests.queue.fakes import FakeEngine

HERE = "tests.queue.test_refine_setting"


class RefiningFake(FakeEngine):
    """Paints a flat picture whose red level says how many refine steps the engine was built with."""

    def __init__(self, refine_steps: int):
        super().__init__()
        self.refine_steps = refine_steps

    def stylize(self, content, style, **kw):
        out = super().stylize(content, style, **kw)
        return Image.new("RGB", out.size, (10 * self.refine_steps, 0, 0))


def make_refining_engine(device=None, refine_steps=0):
    return RefiningFake(refine_steps)


def red_of(jpeg: bytes) -> int:
    return Image.open(io.BytesIO(jpeg)).convert("RGB").getpixel((5, 5))[0]


@pytest.mark.parametrize("backend", ["memory", "process"])
async def test_the_setting_reaches_the_engine(tmp_path, backend):
    s = QueueSettings(queue_backend=backend, queue_db=str(tmp_path / "q.sqlite3"), workers_fast=1, workers_hq=0,
                      engine_factory=f"{HERE}:make_refining_engine", engine_refine_steps=7, drain_timeout=5)
    q = make_queue(s)
    await q.start()
    try:
        job = make_job("u")
        await q.submit(job)
        result = await q.wait(job.id)
        assert result.ok
        assert abs(red_of(result.image) - 70) <= 3
    finally:
        await q.stop()


def test_the_shipped_engine_takes_it():
    engine = build_engine("engine:load_engine", "cpu", 12)
    assert engine.refine_steps == 12
    assert build_engine("engine:load_engine", "cpu").refine_steps == 0


def test_a_factory_without_it_is_a_setting_to_fix():
    check_engine_settings("tests.queue.fakes:make_engine", None)        # unset: nothing to say
    with pytest.raises(EngineSetupError, match="ENGINE_REFINE_STEPS=5 .*takes no refine_steps"):
        check_engine_settings("tests.queue.fakes:make_engine", None, refine_steps=5)
    with pytest.raises(EngineSetupError, match="takes no refine_steps"):
        build_engine("tests.queue.fakes:make_engine", None, 5)


@pytest.mark.parametrize("value", ["-1", "201", "ten"])
def test_out_of_range_values_are_refused(monkeypatch, value):
    monkeypatch.setenv("ENGINE_REFINE_STEPS", value)
    with pytest.raises(Exception, match="engine_refine_steps"):
        QueueSettings(_env_file=None)


@pytest.mark.slow
def test_a_redis_worker_reads_the_setting(redis_url, tmp_path):
    """`engine worker` builds its engine with ENGINE_REFINE_STEPS from its environment."""
    from tests.queue.test_redis import start_worker, stop

    photo = tmp_path / "photo.png"
    photo.write_bytes(make_job("u").image)
    worker = start_worker(redis_url, "w1", factory=f"{HERE}:make_refining_engine", ENGINE_REFINE_STEPS="4")
    try:
        out = tmp_path / "out"
        done = subprocess.run([sys.executable, "-m", "engine", "submit", "--redis", redis_url, "--max-side", "64",
                               "-o", str(out), str(photo)], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        assert abs(red_of((out / "photo.jpg").read_bytes()) - 40) <= 3
    finally:
        stop([worker])


class BatchingFake(RefiningFake):
    def __init__(self, refine_steps):
        super().__init__(refine_steps)
        self.batches = 0

    def stylize_batch(self, items, **kw):
        self.batches += 1
        return [self.stylize(photo, style) for photo, style in items]

    def paints_adaptively(self, style):
        return False


@pytest.mark.parametrize("steps, batches", [(0, 1), (3, 0)])
def test_a_refining_engine_paints_jobs_one_by_one_with_progress(steps, batches):
    from engine.jobs import run_jobs

    engine = BatchingFake(steps)
    jobs = [make_job("u", "sleep:0.1") for _ in range(3)]
    results = run_jobs(engine, jobs)
    assert all(r.ok for r in results)
    assert engine.batches == batches
