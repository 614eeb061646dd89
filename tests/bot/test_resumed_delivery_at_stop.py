"""A job resumed after a restart (bot/__main__.resume_jobs) whose painting ends during the next
stop's drain: its result is handed over, and its front-end's send must finish before the bot
closes. The resumed tasks were cancelled as soon as the queue had stopped, so a painting on its
way to Telegram (an upload takes seconds) was cut off, and never delivered: the journal had
it handed over already."""
from __future__ import annotations

import asyncio
from pathlib import Path

from bot.__main__ import run
from tests.bot.test_resume import submit_then_die, telegram_alone

ROOT = Path(__file__).resolve().parents[2]


async def test_a_resumed_painting_finished_in_the_drain_reaches_telegram_before_the_bot_closes(
        settings, monkeypatch, tmp_path):
    for name in ("QUEUE_DB", "DATA_DIR", "WEB_ENABLED"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("QUEUE_BACKEND", "process")
    monkeypatch.setenv("ENGINE_FACTORY", "tests.queue.fakes:make_engine")
    monkeypatch.setenv("WORKERS_HQ", "0")
    monkeypatch.setenv("PYTHONPATH", str(ROOT))       # the workers import the fake engine
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WORKERS_FAST", "0")
    await submit_then_die(settings)                  # journaled, not painted
    monkeypatch.setenv("WORKERS_FAST", "1")
    monkeypatch.setenv("FAKE_ENGINE_SECONDS", "4")   # painted after the restart, the stop coming mid-way
    monkeypatch.setenv("DRAIN_TIMEOUT", "30")
    fake = await telegram_alone(settings)
    fake.slow_methods["sendPhoto"] = 2.0             # an upload on a slow link

    def painting_shown() -> bool:
        return any("%" in params.get("text", "") for params, _ in fake.sent("editMessageText", 1)
                   if params["message_id"] in (0, "0"))

    stop = asyncio.Event()
    bot = asyncio.create_task(run(settings, stop))
    try:
        await fake.wait_for(lambda: painting_shown() or bot.done(), timeout=60)
        assert not bot.done(), bot.exception()
        stop.set()                                   # mid-painting: the drain lets it finish
        await asyncio.wait_for(bot, 60)
        assert "sendPhoto" in fake.started           # the upload began during the stop...
        assert len(fake.sent("sendPhoto", 1)) == 1   # ...and was not cut off by the bot's closing
    finally:
        stop.set()
        if not bot.done():
            bot.cancel()
            await asyncio.gather(bot, return_exceptions=True)
        await fake.stop()
