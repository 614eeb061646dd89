"""A stop with a web chat page open whose socket never said hello (a page still loading, a script
that connects and waits): the bot's shutdown hook closed the sockets in WebChatHub.sockets only
(those that named their user), and aiohttp waited for this one's handler, twice its
shutdown_timeout. create_app closes every open socket at shutdown now (1001, going away).
Not a speed test: a hang check, with a generous bound."""
from __future__ import annotations

import asyncio
import time

import aiohttp
from aiohttp import WSCloseCode, web

from bot.webchat import create_app

HANG_BOUND_S = 3.0          # the old code took shutdown_timeout (5 s) and more


async def test_a_socket_that_never_said_hello_does_not_hold_a_stop(layer):
    runner = web.AppRunner(create_app(layer), shutdown_timeout=5)    # as bot/__main__.py runs it
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    async with aiohttp.ClientSession() as session:
        ws = await session.ws_connect(f"http://127.0.0.1:{port}/ws")
        assert (await ws.receive_json())["op"] == "hello"         # and it says nothing back

        async def read_like_a_browser():        # a browser answers the server's close frame
            async for _ in ws:
                pass

        reading = asyncio.create_task(read_like_a_browser())
        began = time.monotonic()
        await runner.cleanup()
        took = time.monotonic() - began
        await asyncio.wait_for(reading, 5)
    assert took < HANG_BOUND_S, took
    assert ws.close_code == WSCloseCode.GOING_AWAY


async def test_a_page_that_said_hello_is_closed_too(layer):
    runner = web.AppRunner(create_app(layer), shutdown_timeout=5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    async with aiohttp.ClientSession() as session:
        ws = await session.ws_connect(f"http://127.0.0.1:{port}/ws")
        assert (await ws.receive_json())["op"] == "hello"
        await ws.send_json({"op": "hello", "user": "ann", "fresh": True})
        reading = asyncio.create_task(ws.receive())
        await asyncio.sleep(0.2)
        began = time.monotonic()
        await runner.cleanup()
        took = time.monotonic() - began
        while (await asyncio.wait_for(reading, 5)).type is aiohttp.WSMsgType.TEXT:
            reading = asyncio.create_task(ws.receive())
    assert took < HANG_BOUND_S, took
    assert ws.close_code == WSCloseCode.GOING_AWAY
