"""A stop's waits after the drain, added up: DELIVERY_S (10 s) for the replies under way, then the
web chat's close (up to 5 s), Discord's (up to 10 s) and the style trainer's process (up to 10 s)
one after another: 35 s past DRAIN_TIMEOUT, beyond STOP_GRACE (30 s) and docker's stop grace
period (90 s with DRAIN_TIMEOUT=60), which then killed the bot. They now close side by side: each
closer here waits to see the other begin, which one after another never happens. And the wait for
the replies under way is what STOP_GRACE leaves after the closing (delivery_window)."""
from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from bot.__main__ import CLOSE_S, DELIVERY_S, STOP_GRACE, close_side_by_side, delivery_window, run
from bot.style_training import StyleTrainer
from tests.bot.test_main import free_port

SEEN_S = 10.0       # how long each closer waits for the other to begin (side by side: at once)


async def test_the_web_chat_and_the_trainer_close_side_by_side(settings, monkeypatch, tmp_path):
    for name in ("QUEUE_DB", "DATA_DIR", "WEB_ENABLED", "TELEGRAM_TOKEN", "DISCORD_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("QUEUE_BACKEND", "memory")
    monkeypatch.setenv("ENGINE_FACTORY", "tests.queue.fakes:make_engine")
    monkeypatch.chdir(tmp_path)
    settings.WEB_ENABLED, settings.WEB_PORT, settings.STYLE_TRAINING = "true", free_port(), False
    settings.TELEGRAM_TOKEN = settings.DISCORD_TOKEN = ""
    began = {"web": asyncio.Event(), "trainer": asyncio.Event()}
    saw_other: dict[str, bool] = {}

    def closing(mine: str, other: str, close):
        async def closer(self):
            began[mine].set()
            try:
                await asyncio.wait_for(began[other].wait(), SEEN_S)
                saw_other[mine] = True
            except asyncio.TimeoutError:
                saw_other[mine] = False
            await close(self)
        return closer
    monkeypatch.setattr(web.AppRunner, "cleanup", closing("web", "trainer", web.AppRunner.cleanup))
    monkeypatch.setattr(StyleTrainer, "stop", closing("trainer", "web", StyleTrainer.stop))

    stop = asyncio.Event()
    bot = asyncio.create_task(run(settings, stop))
    try:
        for _ in range(600):         # the web chat serves once its port takes connections
            assert not bot.done(), bot.exception()
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", settings.WEB_PORT)
                writer.close()
                break
            except OSError:
                await asyncio.sleep(0.1)
        stop.set()
        await asyncio.wait_for(bot, 60)
    finally:
        stop.set()
        if not bot.done():
            bot.cancel()
            await asyncio.gather(bot, return_exceptions=True)
    assert saw_other == {"web": True, "trainer": True}


async def test_a_closer_that_fails_leaves_the_others_to_close(caplog):
    closed = []

    async def failing():
        raise RuntimeError("gone")

    async def fine():
        await asyncio.sleep(0)
        closed.append("fine")
    with caplog.at_level(logging.WARNING, logger="bot"):
        await close_side_by_side([failing, fine])
    assert closed == ["fine"]
    assert "RuntimeError: gone" in caplog.text


def test_the_delivery_wait_leaves_the_closing_within_stop_grace():
    """The queue's stop may take DRAIN_TIMEOUT and 15 s more (its restart notices, its loops):
    the 10 s for the replies under way and the closing (10 s) then ran past STOP_GRACE (30 s).
    The wait is what is left of it after the closing, DELIVERY_S at most, never below 0."""
    began, drain = 1000.0, 60.0
    assert delivery_window(began, drain, now=began + 12) == DELIVERY_S          # an early drain end
    assert delivery_window(began, drain, now=began + drain + 15) == 5.0         # a full one, and more
    assert delivery_window(began, drain, now=began + drain + 25) == 0.0         # nothing left: close
    for spent in (0, 20, drain, drain + 15, drain + 19, drain + 40):
        wait = delivery_window(began, drain, now=began + spent)
        assert 0 <= wait <= DELIVERY_S
        assert spent + wait + CLOSE_S <= drain + STOP_GRACE or wait == 0
