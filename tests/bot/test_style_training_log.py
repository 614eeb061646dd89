"""What the log says of community styles' training: the folder actually looked at for photos
(it said "STYLE_TRAINING_DATA/content" when the setting was unset), a WARNING when the operator
set STYLE_TRAINING_DATA to a folder that is not there, progress every tenth of a run (nothing
showed between its start and its end, an hour on some CPUs), the truth about a model that lost to
AdaIN (it said the style "has its own model (kept_adain)"), and styles by name, not by id."""
from __future__ import annotations

import asyncio
import logging

import pytest

from bot.store import Store
from bot.style_training import StyleTrainer


class FakeRun:
    """A train-artist run's process as _follow reads it: these lines, then exit ``rc``."""

    def __init__(self, lines: list[str], rc: int = 0):
        self._lines = [line.encode() + b"\n" for line in lines]
        self.returncode = None
        self._rc = rc
        self.stdout = self

    async def readline(self) -> bytes:
        return self._lines.pop(0) if self._lines else b""

    async def wait(self) -> int:
        self.returncode = self._rc
        return self._rc


@pytest.fixture
def trainer_store(settings):
    store = Store(settings.DATA_DIR)
    yield StyleTrainer(settings, store), store
    store.close()


def add_style(store: Store, name: str = "Ink") -> int:
    path = store.style_dir("tg:1000") / f"{name.lower()}.safetensors"
    path.write_bytes(b"a descriptor")
    return store.add_style("tg:1000", name, name.lower(), path, 3, "tg:1000")


async def follow(trainer: StyleTrainer, store: Store, style_id: int, lines: list[str]) -> None:
    style = store.get_style(style_id)
    _, model = store.model_paths(style)
    model.parent.mkdir(parents=True, exist_ok=True)
    model.write_bytes(b"an exported style")
    trainer._proc = FakeRun(lines)
    await trainer._follow(style, model)


def messages(caplog, level=logging.INFO) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "bot.style_training" and r.levelno == level]


def test_unset_it_names_the_default_folder_it_looked_in(settings, tmp_path, monkeypatch):
    from bot.settings import Settings

    default = tmp_path / "shared" / "data" / "train"           # as if ../shared/data/train were not there
    monkeypatch.setattr(Settings, "style_training_folder", lambda self: default)
    settings.STYLE_TRAINING_DATA = None
    store = Store(settings.DATA_DIR)
    try:
        why = StyleTrainer(settings, store).why_unavailable()
    finally:
        store.close()
    assert why == (f"no training photos in {default / 'content'} (STYLE_TRAINING_DATA is not set: that is its "
                   "default); set STYLE_TRAINING_DATA to a folder with a content/ folder of photos")


async def test_a_training_folder_set_but_not_there_is_a_warning_naming_it(settings, tmp_path, caplog):
    settings.STYLE_TRAINING_DATA = tmp_path / "nowhere"
    store = Store(settings.DATA_DIR)
    caplog.set_level(logging.INFO, "bot.style_training")
    try:
        await StyleTrainer(settings, store).start()
    finally:
        store.close()
    [line] = messages(caplog, logging.WARNING)
    assert line == ("community styles will not get their own models: no training photos: "
                    f"STYLE_TRAINING_DATA={tmp_path / 'nowhere'} is no folder ({tmp_path / 'nowhere'})")


async def test_a_folder_without_photos_set_by_the_operator_is_a_warning_too(settings, tmp_path, caplog):
    (tmp_path / "train" / "content").mkdir(parents=True)
    settings.STYLE_TRAINING_DATA = tmp_path / "train"
    store = Store(settings.DATA_DIR)
    caplog.set_level(logging.INFO, "bot.style_training")
    try:
        await StyleTrainer(settings, store).start()
    finally:
        store.close()
    [line] = messages(caplog, logging.WARNING)
    assert f"no training photos in {tmp_path / 'train' / 'content'} (STYLE_TRAINING_DATA)" in line


async def test_training_turned_off_is_only_said(settings, tmp_path, caplog):
    settings.STYLE_TRAINING_DATA = tmp_path / "nowhere"
    settings.STYLE_TRAINING = False
    store = Store(settings.DATA_DIR)
    caplog.set_level(logging.INFO, "bot.style_training")
    try:
        await StyleTrainer(settings, store).start()
    finally:
        store.close()
    assert messages(caplog, logging.WARNING) == []
    assert messages(caplog) == ["community styles will not get their own models: STYLE_TRAINING is off"]


async def test_progress_is_logged_once_a_tenth(trainer_store, caplog):
    trainer, store = trainer_store
    style_id = add_style(store)
    caplog.set_level(logging.INFO, "bot.style_training")
    lines = [f"it {i}/200 loss 1.0 ETA {(200 - i) / 20:.1f} min" for i in range(10, 201, 10)]
    await follow(trainer, store, style_id, lines + ["verdict for ink: the adaptive model is used"])
    progress = [m for m in messages(caplog) if "% (iteration" in m]
    assert progress == [f"training the style 'Ink': {p}% (iteration {p * 2} of 200, about "
                        f"{(200 - p * 2) / 20:.0f} min left)" for p in range(10, 100, 10)]


async def test_a_resumed_run_logs_from_where_it_is(trainer_store, caplog):
    trainer, store = trainer_store
    style_id = add_style(store)
    caplog.set_level(logging.INFO, "bot.style_training")
    await follow(trainer, store, style_id, ["it 870/1000 loss 1 ETA 2.0 min", "it 880/1000 loss 1 ETA 1.9 min",
                                            "it 900/1000 loss 1 ETA 1.5 min"])
    assert [m for m in messages(caplog) if "% (iteration" in m] == [
        "training the style 'Ink': 87% (iteration 870 of 1000, about 2 min left)",
        "training the style 'Ink': 90% (iteration 900 of 1000, about 2 min left)"]


async def test_a_model_that_lost_to_adain_is_said_to_be_unused(trainer_store, caplog):
    trainer, store = trainer_store
    style_id = add_style(store)
    caplog.set_level(logging.INFO, "bot.style_training")
    await follow(trainer, store, style_id, ["verdict for ink: AdaIN is kept (the model lost)"])
    assert store.get_style(style_id).training == "kept_adain"
    [said] = [m for m in messages(caplog) if "finished training" in m or "own model" in m]
    assert said == ("the style 'Ink' finished training, but its model did not beat AdaIN on the validation "
                    "photos: it is not used, and the style paints with AdaIN as before")
    assert "kept_adain" not in said


async def test_a_model_that_won_is_said_to_be_used(trainer_store, caplog):
    trainer, store = trainer_store
    style_id = add_style(store)
    caplog.set_level(logging.INFO, "bot.style_training")
    await follow(trainer, store, style_id, ["verdict for ink: the adaptive model is used"])
    assert store.get_style(style_id).training == "used"
    assert ("the style 'Ink' has its own model now: it beat AdaIN on the validation photos, and its "
            "paintings use it") in messages(caplog)


async def test_an_unexpected_error_names_the_style_by_its_name(trainer_store, caplog):
    trainer, store = trainer_store
    style_id = add_style(store, "Wash")

    async def broken(style_id):
        raise RuntimeError("boom")

    trainer._train_one = broken
    trainer._queue.put_nowait(style_id)
    work = asyncio.create_task(trainer._work())
    try:
        for _ in range(50):
            if any(r.levelno == logging.ERROR for r in caplog.records):
                break
            await asyncio.sleep(0.02)
    finally:
        work.cancel()
        await asyncio.gather(work, return_exceptions=True)
    assert "training the style 'Wash': unexpected error" in messages(caplog, logging.ERROR)
