"""The trainer's run writes a checkpoint every STYLE_TRAINING_SAVE_EVERY iterations (train-artist
--save-every): it passed "--save-every 50" whatever the settings said, so a test of a resumed run
trained to its 60th iteration before it could stop it (tests/bot/test_style_training.py)."""
from __future__ import annotations

import asyncio

import pytest

from bot.settings import Settings
from bot.store import Store
from bot.style_training import StyleTrainer
from tests.bot.test_style_training_log import FakeRun, add_style


async def test_the_run_is_given_the_settings_checkpoint_interval(settings, monkeypatch):
    settings.STYLE_TRAINING_SAVE_EVERY = 7
    store = Store(settings.DATA_DIR)
    try:
        trainer = StyleTrainer(settings, store)
        style = store.get_style(add_style(store))
        started: list[tuple] = []

        async def run(*cmd, **kwargs):
            started.append(cmd)
            return FakeRun([], rc=1)

        monkeypatch.setattr(asyncio, "create_subprocess_exec", run)
        await trainer.train(style)
        [cmd] = started
        assert cmd[cmd.index("--save-every") + 1] == "7"
    finally:
        store.close()


def test_the_setting_defaults_to_50_and_takes_no_zero(monkeypatch):
    monkeypatch.delenv("STYLE_TRAINING_SAVE_EVERY", raising=False)
    assert Settings(_env_file=None).STYLE_TRAINING_SAVE_EVERY == 50
    monkeypatch.setenv("STYLE_TRAINING_SAVE_EVERY", "0")
    with pytest.raises(ValueError):
        Settings(_env_file=None)
