"""At INFO the operator's log showed nothing of what users do. Now: one line per finished painting
job (its id, platform, method, styles, seconds, outcome; no user text, photo or id), and one per
refusal of a user's limit (rate, paintings at once, messages), said once a burst as the reply is."""
from __future__ import annotations

import logging

from bot.commands import CommandLayer, log_tag

from tests.bot.conftest import FakeQueue
from tests.bot.test_commands import say

SECRET_WORDS = "my secret caption"


def info_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.INFO and r.name.startswith("bot")]


async def test_a_finished_painting_is_one_info_line_without_what_the_user_wrote(layer, fake_queue, photo, caplog):
    with caplog.at_level(logging.INFO, logger="bot"):
        await say(layer, "/style gogh\n" + SECRET_WORDS, images=[photo], user="tg:77")
    job = fake_queue.jobs[0]
    lines = [line for line in info_lines(caplog) if job.id in line]
    assert len(lines) == 1, info_lines(caplog)
    line = lines[0]
    assert "tg" in line and job.method in line and "'gogh'" in line and line.endswith("ok"), line
    assert "secret" not in caplog.text and "tg:77" not in line


async def test_a_failed_painting_logs_its_outcome_key(settings, store, photo, caplog):
    queue = FakeQueue(error="engine_error")
    layer = CommandLayer(settings, store, queue)
    with caplog.at_level(logging.INFO, logger="bot"):
        await say(layer, "/monet", images=[photo])
    line = next(line for line in info_lines(caplog) if queue.jobs[0].id in line)
    assert "'monet'" in line and line.endswith("engine_error"), line


async def test_a_rate_limited_burst_logs_once_with_the_key_and_user(settings, store, photo, caplog):
    settings.RATE_LIMIT_JOBS = 1
    layer = CommandLayer(settings, store, FakeQueue())
    with caplog.at_level(logging.INFO, logger="bot"):
        for _ in range(5):
            await say(layer, "/gogh", images=[photo], user="tg:9")
    limits = [line for line in info_lines(caplog) if "rate_limited" in line]
    assert len(limits) == 1, info_lines(caplog)
    assert log_tag("tg:9") in limits[0] and "tg:9" not in limits[0]      # (no user id: rlay22)


async def test_a_flood_of_messages_logs_its_limit_once(layer, caplog):
    with caplog.at_level(logging.INFO, logger="bot"):
        for _ in range(40):
            await say(layer, "/help", user="tg:8")
    limits = [line for line in info_lines(caplog) if "too_many_messages" in line]
    assert len(limits) == 1 and log_tag("tg:8") in limits[0], info_lines(caplog)
