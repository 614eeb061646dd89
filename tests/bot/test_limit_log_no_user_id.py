"""Review of 3502dc3: a limit's INFO line named the user by their platform id ("tg:9"), where the
bot's logs name no user anywhere else, and a log outlives the user's /forgetme. It names them by
a tag now: the same for one user in a run (a burst reads as one person), another for another, and
keyed per run (not a plain hash, worked back from a platform's few ids)."""
from __future__ import annotations

import logging

from bot import commands
from bot.commands import CommandLayer, log_tag

from tests.bot.conftest import FakeQueue
from tests.bot.test_commands import say


def limit_lines(caplog, key: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.INFO and key in r.getMessage()]


async def test_a_refused_flood_is_logged_without_the_user_id(layer, caplog):
    with caplog.at_level(logging.INFO, logger="bot"):
        for user in ("tg:123456789", "tg:987654321"):
            for _ in range(40):
                await say(layer, "/help", user=user)
    lines = limit_lines(caplog, "too_many_messages")
    assert len(lines) == 2, lines
    assert "123456789" not in caplog.text and "987654321" not in caplog.text
    assert log_tag("tg:123456789") in lines[0] and log_tag("tg:987654321") in lines[1]


async def test_a_rate_limit_line_names_the_tag_not_the_id(settings, store, photo, caplog):
    settings.RATE_LIMIT_JOBS = 1
    layer = CommandLayer(settings, store, FakeQueue())
    with caplog.at_level(logging.INFO, logger="bot"):
        for _ in range(3):
            await say(layer, "/gogh", images=[photo], user="dc:4242424242")
    lines = limit_lines(caplog, "rate_limited")
    assert len(lines) == 1 and "4242424242" not in lines[0] and log_tag("dc:4242424242") in lines[0], lines


def test_the_tag_is_keyed_per_run_not_a_plain_hash(monkeypatch):
    tag = log_tag("tg:1")
    assert tag == log_tag("tg:1") and tag != log_tag("tg:2") and len(tag) == 8
    monkeypatch.setattr(commands, "LOG_TAG_KEY", b"another run")
    assert log_tag("tg:1") != tag
