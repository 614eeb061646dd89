"""A style's training that meets what is not the style's fault is not failed (its run deleted):
an unreadable validation photo (left out of the verdict), another run still holding the style's
folder past the wait (exit 75: back in line, the folder kept)."""
from __future__ import annotations

import logging

import pytest

import bot.style_training
from bot.store import Store
from bot.style_training import StyleTrainer, shipped_adaptive_model

from tests.bot.conftest import make_photo
from tests.bot.test_style_training import add_real_style, another_run_in, running_trainer, wait_for


def validation_name(content, prefix: str) -> str:
    from engine.train_split import is_validation

    return next(f"{prefix}{i}.jpg" for i in range(200) if is_validation(content / f"{prefix}{i}.jpg"))


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model")
async def test_only_unreadable_validation_photos_are_no_validation_photos(settings, tmp_path):
    from bot.style_training import has_validation_photos
    from engine.train_split import is_validation

    content = tmp_path / "train" / "content"
    content.mkdir(parents=True)
    train = next(f"t{i}.jpg" for i in range(200) if not is_validation(content / f"t{i}.jpg"))
    (content / train).write_bytes(make_photo(96, 72))
    (content / validation_name(content, "a")).write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    assert not has_validation_photos(content)
    settings.STYLE_TRAINING_DATA = tmp_path / "train"
    store = Store(settings.DATA_DIR)
    try:
        assert "no validation photos" in StyleTrainer(settings, store).why_unavailable()
        (content / validation_name(content, "b")).write_bytes(make_photo(96, 72))
        assert has_validation_photos(content)
        assert StyleTrainer(settings, store).why_unavailable() is None
    finally:
        store.close()


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model")
async def test_an_unreadable_validation_photo_does_not_fail_the_style(training_settings):
    content = training_settings.style_training_data() / "content"
    broken = validation_name(content, "a")                  # sorted before the good one (p..)
    (content / broken).write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    async with running_trainer(training_settings) as (store, trainer, told):
        style_id = add_real_style(store, "tg:1000", "Ink")
        assert await trainer.enqueue(style_id)
        assert await wait_for(lambda: store.get_style(style_id).training in ("used", "kept_adain", "failed"))
        style = store.get_style(style_id)
        assert style.training in ("used", "kept_adain") and style.has_own_model, style
        assert await wait_for(lambda: told, 5) and told[0][1] != "failed"


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model")
async def test_a_run_held_past_the_wait_puts_the_style_back_in_line_and_keeps_its_folder(
        training_settings, monkeypatch, caplog):
    monkeypatch.setattr(bot.style_training, "RUN_WAIT_S", 0.5)
    caplog.set_level(logging.INFO, logger="bot.style_training")
    async with running_trainer(training_settings, retry_after_s=0.5) as (store, trainer, told):
        style_id = add_real_style(store, "tg:1000", "Ink")
        run = store.model_paths(store.get_style(style_id))[0]
        with another_run_in(run):                        # another run (a killed bot's) trains there
            (run / "state.safetensors").write_bytes(b"the other run's checkpoint")

            def ended():
                return store.get_style(style_id).training == "failed" or \
                    "another training run is using" in caplog.text

            assert await trainer.enqueue(style_id)
            assert await wait_for(ended, 120)
            assert store.get_style(style_id).training in ("queued", "training"), caplog.text
            assert (run / "state.safetensors").read_bytes() == b"the other run's checkpoint"
            assert not told
        # the other run has ended: the style, tried again, trains and finishes
        assert await wait_for(lambda: store.get_style(style_id).training in ("used", "kept_adain", "failed"))
        assert store.get_style(style_id).training in ("used", "kept_adain")
        assert told and told[0][1] != "failed"
