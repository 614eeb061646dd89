"""A community style whose descriptor file is damaged: each painting with it failed, the user
told "something went wrong, please try again", which never helped. They are told now that this
style's file is damaged and how an admin adds it again; the operator's log names the style once.
The engine's real refusal of the real damaged file is what the queue answers."""
from __future__ import annotations

import logging

import pytest

from bot.commands import CommandLayer
from bot.messages import t
from engine.core import Engine
from engine.jobs import run_job
from styles import normalise

from tests.bot.conftest import FakeQueue
from tests.bot.test_commands import say
from tests.bot.test_engine_detail import RefusingQueue, damaged_descriptor_refusal


class EngineQueue(FakeQueue):
    """Each job run by the engine's own run_job (its style is read before any painting)."""

    async def wait(self, job_id, on_status=None):
        job = next(j for j in self.jobs if j.id == job_id)
        return run_job(Engine.__new__(Engine), job)


def add_damaged(store, scope, name="Ink Wash"):
    path = store.style_dir(scope) / f"{normalise(name)}.safetensors"
    path.write_bytes(b"not a safetensors file")
    store.add_style(scope, name, normalise(name), path, 3, "tg:1")


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_damaged_style_file_is_said_so_with_how_to_add_it_again(settings, store, photo, caplog, lang):
    add_damaged(store, "tg:-100")
    layer = CommandLayer(settings, store, EngineQueue())
    with caplog.at_level(logging.WARNING, logger="bot.commands"):
        out = await say(layer, "/style ink wash", images=[photo], locale=lang,
                        user="tg:5", chat="tg:-100", community="tg:-100", mentioned=True)
    said = "\n".join(out.texts)
    assert t(lang, "style_file_damaged", name="Ink Wash") in said, said
    assert t(lang, "engine_error") not in said
    assert "/addstyle Ink Wash" in said and "/removestyle Ink Wash" in said
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and "Ink Wash" in r.getMessage()]
    assert len(warnings) == 1, caplog.text


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_bad_option_of_a_healthy_style_keeps_the_generic_text(settings, store, photo, tmp_path, lang):
    layer = CommandLayer(settings, store, RefusingQueue(damaged_descriptor_refusal(tmp_path)))
    said = "\n".join((await say(layer, "/gogh", images=[photo], locale=lang)).texts)
    assert t(lang, "engine_error") in said and t(lang, "style_file_damaged", name="gogh") not in said


def test_a_whole_descriptor_file_is_not_taken_for_damaged():
    import torch
    from safetensors.torch import save

    from bot.commands import whole_safetensors

    data = save({"relu1_1.mean": torch.zeros(64), "relu1_1.std": torch.ones(64)}, metadata={"kind": "descriptor"})
    assert whole_safetensors(data)
    assert not whole_safetensors(data[:-10]) and not whole_safetensors(b"not a safetensors file")
    assert not whole_safetensors(b"")
