"""Community styles' training in review TR15: a style's run folder holding its weights without
the optimiser's state (a crash, a copy) is resumed from them, and the bot's log says so, instead
of the style failing for good. A real `python -m engine train-artist` subprocess, tiny settings."""
from __future__ import annotations

import logging

import pytest

from bot.style_training import shipped_adaptive_model

from tests.bot.test_style_training import add_real_style, running_trainer, wait_for


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model")
async def test_a_style_whose_run_lost_its_optimiser_state_resumes_from_its_weights(training_settings, caplog):
    from bot.store import Store
    from engine.train_adaptive import ArtistTrainConfig, train_artist

    store = Store(training_settings.DATA_DIR)
    style_id = add_real_style(store, "tg:1000", "Ink")
    style = store.get_style(style_id)
    run, _ = store.model_paths(style)
    # two steps of its own run, as the bot's would have left them; then the optimiser's state lost
    train_artist(ArtistTrainConfig(slugs=[style.key], data=training_settings.STYLE_TRAINING_DATA,
                                   descriptor=store.style_path(style), out=run, iterations=2, batch=1, crop=48,
                                   device="cpu", save_every=1), log=lambda _: None)
    (run / "state.safetensors").unlink()
    store.set_training(style_id, training="queued", progress=0.0)
    store.close()
    caplog.set_level(logging.INFO, logger="bot.style_training")
    async with running_trainer(training_settings) as (store, trainer, told):
        assert await wait_for(lambda: store.get_style(style_id).training in ("used", "kept_adain", "failed"), 180)
        assert store.get_style(style_id).training in ("used", "kept_adain"), caplog.text
        assert await wait_for(lambda: told, 5) and told[0][1] != "failed"
    said = [r.getMessage() for r in caplog.records if "no state.safetensors" in r.getMessage()]
    assert said and "afresh" in said[0] and "Ink" in said[0], caplog.text
