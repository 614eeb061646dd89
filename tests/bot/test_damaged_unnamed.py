"""The engine says a community style's file is damaged (style_file_damaged, ff7e8a1) by its own
reading of it (safetensors' torch loader); the bot names the style by another (whole_safetensors,
the library's layout check). A file the layout check passes and the loader refuses (a tensor of a
kind torch has no dtype for) was told 'The file of the style “?” is damaged ... /removestyle ?':
no name, and a command that removes nothing."""
from __future__ import annotations

import json
import struct

import pytest

from bot.commands import CommandLayer, whole_safetensors
from bot.messages import t
from styles import normalise

from tests.bot.test_damaged_style_file import EngineQueue
from tests.bot.test_commands import say


def unloadable() -> bytes:
    """A whole safetensors file (its layout sound) whose one tensor torch cannot load."""
    header = json.dumps({"relu1_1.mean": {"dtype": "F8_E8M0", "shape": [8], "data_offsets": [0, 8]}}).encode()
    header += b" " * (-len(header) % 8)
    return struct.pack("<Q", len(header)) + header + bytes(8)


def add_style(store, scope: str, name: str, data: bytes) -> None:
    path = store.style_dir(scope) / f"{normalise(name)}.safetensors"
    path.write_bytes(data)
    store.add_style(scope, name, normalise(name), path, 3, "tg:1")


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_file_the_engine_calls_damaged_is_named(settings, store, photo, lang):
    assert whole_safetensors(unloadable())          # (the bot's own check passes it)
    add_style(store, "tg:-100", "Ink Wash", unloadable())
    layer = CommandLayer(settings, store, EngineQueue())
    out = await say(layer, "/style ink wash", images=[photo], locale=lang,
                    user="tg:5", chat="tg:-100", community="tg:-100", mentioned=True)
    said = "\n".join(out.texts)
    assert t(lang, "style_file_damaged", name="Ink Wash") in said, said
    assert "“?”" not in said and "/removestyle ?" not in said


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_of_two_styles_the_damaged_one_unknown_no_question_mark(layer, lang):
    from engine.jobs import Job, JobResult, StyleRef

    styles = [StyleRef("descriptor", unloadable(), 0.5), StyleRef("descriptor", unloadable(), 0.5)]
    job = Job("tg:5", "tg:-100", b"", styles, meta={"names": ["Ink Wash", "Sumi"]})
    said = layer.outcome_text(lang, "Ink Wash + Sumi", JobResult(job.id, False, error_key="style_file_damaged",
                                                                  error_params={"detail": "KeyError"}), 3.0, job)
    assert t(lang, "engine_error") in said and "?" not in said.replace(t(lang, "engine_error"), "")
