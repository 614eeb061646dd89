"""The training's progress line says the percent of the iteration it shows: a run of 60
iterations logged "10% (iteration 10 of 60)" and "30% (iteration 20 of 60)" (the tenth passed,
not how far the run was)."""
from __future__ import annotations

import logging

from bot.store import Store
from bot.style_training import StyleTrainer
from tests.bot.test_style_training_log import add_style, follow, messages


async def test_the_percent_is_the_iteration_shown(settings, caplog):
    store = Store(settings.DATA_DIR)
    trainer = StyleTrainer(settings, store)
    style_id = add_style(store)
    caplog.set_level(logging.INFO, "bot.style_training")
    lines = [f"it {i}/60 loss 1.0 ETA 1.0 min" for i in range(10, 61, 10)]
    try:
        await follow(trainer, store, style_id, lines + ["verdict for ink: the adaptive model is used"])
    finally:
        store.close()
    progress = [m.split(", about")[0] for m in messages(caplog) if "% (iteration" in m]
    assert progress == ["training the style 'Ink': 16% (iteration 10 of 60",
                        "training the style 'Ink': 33% (iteration 20 of 60",
                        "training the style 'Ink': 50% (iteration 30 of 60",
                        "training the style 'Ink': 66% (iteration 40 of 60",
                        "training the style 'Ink': 83% (iteration 50 of 60"]
