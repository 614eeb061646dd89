"""A community style's run folder (DATA_DIR/.../KEY.training/) that held another style's weights,
placed there by hand: train-artist refuses it (another style's run), the style is failed, and the
bot deleted the folder, the other style's weights with it (and the next start's clean-up of
finished runs would have too). A failed run deletes only what is its own now."""
from __future__ import annotations

import json

import pytest
from safetensors.torch import save_file
import torch

from bot.style_training import shipped_adaptive_model

from tests.bot.test_style_training import add_real_style, running_trainer, wait_for


def others_run(run, with_state: bool) -> dict:
    """Another style's ("wash") checkpoint in ``run``: its weights, and Adam's state if asked."""
    run.mkdir(parents=True, exist_ok=True)
    save_file({"w": torch.ones(3)}, str(run / "adaptive.safetensors"),
              metadata={"artists": json.dumps({"wash": {"iterations": "40"}})})
    if with_state:
        save_file({"m": torch.ones(3)}, str(run / "state.safetensors"),
                  metadata={"slugs": json.dumps(["wash"]), "iterations": "40", "base_iterations": "{}"})
    return {p.name: p.read_bytes() for p in run.iterdir() if p.suffix == ".safetensors"}


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model")
@pytest.mark.parametrize("with_state", [False, True], ids=["weights alone", "weights and state"])
async def test_a_failed_run_leaves_another_styles_weights_in_its_folder(training_settings, with_state):
    async with running_trainer(training_settings) as (store, trainer, told):
        style_id = add_real_style(store, "tg:1000", "Ink")
        run = store.model_paths(store.get_style(style_id))[0]
        placed = others_run(run, with_state)
        assert await trainer.enqueue(style_id)
        assert await wait_for(lambda: store.get_style(style_id).training == "failed", 120)
        assert await wait_for(lambda: told, 5) and told == [("Ink", "failed")]
        assert {name: (run / name).read_bytes() for name in placed if (run / name).exists()} == placed
    # the next start's clean-up of finished runs leaves them too
    settings = training_settings
    settings.STYLE_TRAINING = False
    async with running_trainer(settings) as (store, trainer, told):
        assert {name: (run / name).read_bytes() for name in placed if (run / name).exists()} == placed
