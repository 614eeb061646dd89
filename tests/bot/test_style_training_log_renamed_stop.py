"""The trainer's two other lines of a style renamed (/renamestyle) while it trains name it as the
progress lines do, 'Ink' → 'Wash' (tests/bot/test_style_training_log_renamed.py): the stop at
its removal (/removestyle wash) said 'Wash' alone, and an unexpected failure of its run 'Ink'
alone, the name it had when the run began. Not renamed, its name alone as before."""
from __future__ import annotations

import logging

import pytest

from tests.bot import test_style_training_log
from tests.bot.test_style_training_log import add_style, messages

trainer_store = test_style_training_log.trainer_store


async def test_the_stop_at_its_removal_names_both(trainer_store, caplog):
    trainer, store = trainer_store
    caplog.set_level(logging.INFO, "bot.style_training")
    style = store.get_style(add_style(store))
    trainer._training = style                     # its run under way, begun as 'Ink'
    store.rename_style("tg:1000", "ink", "Wash", "wash")
    await trainer.cancel(style.id)
    assert messages(caplog) == ["stopping the training of the style 'Ink' → 'Wash': removed"]


async def test_the_stop_of_a_style_not_renamed_names_it_alone(trainer_store, caplog):
    trainer, store = trainer_store
    caplog.set_level(logging.INFO, "bot.style_training")
    trainer._training = store.get_style(add_style(store))
    await trainer.cancel(trainer._training.id)
    assert messages(caplog) == ["stopping the training of the style 'Ink': removed"]


@pytest.mark.parametrize("rename", [True, False])
async def test_an_unexpected_failure_names_it_as_now(trainer_store, caplog, monkeypatch, rename):
    trainer, store = trainer_store
    style_id = add_style(store)
    store.set_training(style_id, training="queued")

    async def fails(style):
        if rename:                                 # renamed while it trained, then the run broke
            store.rename_style("tg:1000", "ink", "Wash", "wash")
        raise RuntimeError("boom")

    monkeypatch.setattr(trainer, "train", fails)
    await trainer._train_one(style_id)
    [failed] = [r for r in caplog.records if r.name == "bot.style_training" and r.levelno == logging.ERROR]
    called = "'Ink' → 'Wash'" if rename else "'Ink'"
    assert failed.getMessage() == f"training the style {called} failed" and failed.exc_info
    assert store.get_style(style_id).training == "failed"


def test_a_store_that_cannot_say_leaves_the_name_the_run_began_with(trainer_store, monkeypatch):
    trainer, store = trainer_store
    style = store.get_style(add_style(store))

    def broken(style_id):
        raise OSError("database is locked")

    monkeypatch.setattr(store, "get_style", broken)
    assert trainer._called_now(style) == "'Ink'"
