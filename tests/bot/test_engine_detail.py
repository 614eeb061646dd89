"""A painting the engine refused as a bad option told the user the engine's own words:
"That option is not valid: 3f…9a.safetensors is not a style descriptor file" (a community
style whose descriptor file is damaged), in English in a Korean chat too, and with a file's name.
Nothing a user can change: they now get the painting's failure as any engine error is said, and
the operator's log gets the engine's words."""
from __future__ import annotations

import logging

import pytest

from bot.commands import CommandLayer
from bot.messages import t
from engine.core import Engine
from engine.errors import BadOptionError
from engine.jobs import JobResult

from tests.bot.conftest import FakeQueue
from tests.bot.test_commands import say


def damaged_descriptor_refusal(tmp_path) -> BadOptionError:
    """What the engine raises for a community style whose .safetensors file is damaged."""
    path = tmp_path / "3f2c9a.safetensors"
    path.write_bytes(b"not a safetensors file")
    with pytest.raises(BadOptionError) as refused:
        Engine.__new__(Engine)._file_descriptor(path)      # (that branch reads the file only)
    return refused.value


class RefusingQueue(FakeQueue):
    def __init__(self, exc):
        super().__init__()
        self.exc = exc

    async def wait(self, job_id, on_status=None):
        return JobResult(job_id, False, error_key=self.exc.key, error_params=dict(self.exc.params))


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_an_engine_refusal_says_no_file_name_nor_the_engines_words(settings, store, photo, tmp_path,
                                                                        caplog, lang):
    exc = damaged_descriptor_refusal(tmp_path)
    assert "3f2c9a.safetensors" in exc.params["detail"]
    layer = CommandLayer(settings, store, RefusingQueue(exc))
    with caplog.at_level(logging.WARNING, logger="bot.commands"):
        out = await say(layer, "/gogh", images=[photo], locale=lang)
    said = "\n".join(out.texts)
    assert "safetensors" not in said and "descriptor" not in said and exc.params["detail"] not in said, said
    assert t(lang, "engine_error") in said, said
    assert "3f2c9a.safetensors is not a style descriptor file" in caplog.text      # the operator's
