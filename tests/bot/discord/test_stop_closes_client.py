"""The Discord front-end's stop closes its client, within bot/__main__.py's CLOSE_S, whatever
Discord does: a gateway that never answers the close (aiohttp waits 30 s for its close frame,
discord.py's ws_close), or a failure while the requests under way are cut off (the gateway and the
HTTP session were left open). With discord.py against the fake Discord."""
from __future__ import annotations

import asyncio
import time

import aiohttp

from bot import discord_bot, discord_stop

from tests.bot.discord import test_discord
from tests.bot.discord.test_discord import connect

fake_api = test_discord.fake_api        # the fixture: the fake Discord

STOP_S = 2.0         # the stop's whole time, made short here (discord_bot.STOP_S: CLOSE_S, 10 s)
MARGIN_S = 3.0       # for a slow, shared machine


def session_closed(frontend) -> bool:
    session = frontend.client.http._HTTPClient__session
    return session is None or session.closed


async def test_a_gateway_that_never_answers_the_close_holds_the_stop_no_longer_than_its_time(
        fake_api, layer, settings, monkeypatch):
    monkeypatch.setattr(discord_bot, "STOP_S", STOP_S)
    frontend = await connect(fake_api, layer, settings)
    asked = asyncio.Event()

    async def never_answered(self, *args, **kwargs):
        asked.set()
        await asyncio.sleep(3600)
    monkeypatch.setattr(aiohttp.ClientWebSocketResponse, "close", never_answered)
    began = time.monotonic()
    await asyncio.wait_for(frontend.stop(), STOP_S + MARGIN_S)
    took = time.monotonic() - began
    assert asked.is_set()
    assert took < STOP_S + MARGIN_S, took
    # its HTTP session closed all the same (the gateway's socket with it), its gateway task over
    assert frontend.client.is_closed() and session_closed(frontend)
    assert frontend._task.done()


async def test_a_failure_while_cutting_off_requests_still_closes_the_client(fake_api, layer, settings,
                                                                           monkeypatch, caplog):
    frontend = await connect(fake_api, layer, settings)

    async def broken(self):
        raise RuntimeError("a bug in the cut-off")
    monkeypatch.setattr(discord_stop.HandlersAtStop, "stop", broken)
    await frontend.stop()               # (no raise: bot/__main__.py's other closers go on anyway)
    assert frontend.client.is_closed() and session_closed(frontend)
    assert frontend._task.done()
    assert "a bug in the cut-off" in caplog.text
