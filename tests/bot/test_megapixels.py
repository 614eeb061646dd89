"""MAX_IMAGE_MEGAPIXELS above the engine's own 64 MP limit: a picture between the two passed the
bot's check at upload, waited its turn in line, and was refused by the engine only then. Such a
setting is now capped at 64 (said once at start: tests/bot/test_megapixels_at_start.py)."""
from __future__ import annotations

import pytest

from bot.settings import Settings
from engine.images import MAX_PIXELS


@pytest.mark.parametrize("value", ["64", "12.5"])
def test_the_engines_limit_or_less_is_taken(value, monkeypatch):
    monkeypatch.setenv("MAX_IMAGE_MEGAPIXELS", value)
    settings = Settings(_env_file=None)
    assert settings.MAX_IMAGE_MEGAPIXELS == float(value) and settings.start_warnings() == []


def test_the_limit_is_the_engines():
    assert MAX_PIXELS == 64_000_000            # bot/settings.py says 64 without importing the engine
    settings = Settings(_env_file=None, MAX_IMAGE_MEGAPIXELS=64.5)
    assert settings.MAX_IMAGE_MEGAPIXELS == 64
    [said] = settings.start_warnings()
    assert said.startswith("MAX_IMAGE_MEGAPIXELS=64.5 is above the engine's limit: 64 is used"), said
