"""MAX_IMAGE_MEGAPIXELS above the engine's own 64 MP limit: a picture between the two passed the
bot's check at upload, waited its turn in line, and was refused by the engine only then. The bot
now refuses such a setting at start, in one line naming it and the limit (exit status 2)."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.settings import Settings
from engine.images import MAX_PIXELS
from tests.bot.test_main import _run_bot


async def test_a_limit_above_the_engines_stops_the_bot_in_one_line(tmp_path):
    rc, output = await _run_bot(tmp_path, MAX_IMAGE_MEGAPIXELS="100")
    assert rc == 2 and "Traceback" not in output, output
    [line] = output.strip().splitlines()
    assert line.startswith("error: MAX_IMAGE_MEGAPIXELS='100': at most 64") and "Value error" not in line, line


@pytest.mark.parametrize("value", ["64", "12.5"])
def test_the_engines_limit_or_less_is_taken(value, monkeypatch):
    monkeypatch.setenv("MAX_IMAGE_MEGAPIXELS", value)
    assert Settings(_env_file=None).MAX_IMAGE_MEGAPIXELS == float(value)


def test_the_limit_is_the_engines():
    assert MAX_PIXELS == 64_000_000            # bot/settings.py says 64 without importing the engine
    with pytest.raises(ValidationError):
        Settings(_env_file=None, MAX_IMAGE_MEGAPIXELS=64.5)
