"""An embed's picture (a GIF picker's still, bot/discord_embeds.py) is read with no size told
beforehand: its download stops once past the upload limit, not after a body of any size was
read whole (discord.py's get_from_cdn), and a redirect from Discord's media host is not followed
to wherever it points (a host check on the first URL alone would not hold)."""
from __future__ import annotations

import asyncio

import discord
import pytest
from aiohttp import web

from bot.discord_embeds import EmbedPicture
from tests.bot.discord import test_discord, test_discord_limits

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast

ENDLESS_CAP = 64 * 1024 * 1024          # what the endless picture sends at most (the old code read it all)


class MediaHost:
    """A stand-in for Discord's media proxy (discord.py's Asset.BASE points at it): an endless
    picture, a redirect to another host, and what was served."""

    def __init__(self):
        self.sent = 0
        self.asked: list[str] = []

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/endless.png", self.endless)
        app.router.add_get("/moved.png", self.moved)
        app.router.add_get("/inside.png", self.inside)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{self.port}"

    async def endless(self, request: web.Request) -> web.StreamResponse:
        self.asked.append("endless")
        resp = web.StreamResponse()          # (chunked: no Content-Length to refuse it by)
        await resp.prepare(request)
        chunk = b"\0" * 65536
        try:
            while self.sent < ENDLESS_CAP:
                await resp.write(chunk)
                self.sent += len(chunk)
        except (ConnectionError, asyncio.CancelledError):
            pass
        return resp

    async def moved(self, request: web.Request) -> web.Response:
        self.asked.append("moved")
        # another host by name (the same server): one the bot must not be led to
        raise web.HTTPFound(f"http://localhost:{self.port}/inside.png")

    async def inside(self, request: web.Request) -> web.Response:
        self.asked.append("inside")
        return web.Response(body=b"an internal service's answer", content_type="image/png")


@pytest.fixture
async def media_host(discord_fast, monkeypatch):
    host = MediaHost()
    base = await host.start()
    monkeypatch.setattr(discord.asset.Asset, "BASE", base)
    yield host, base, discord_fast[1]
    await host.runner.cleanup()


@pytest.mark.slow
async def test_a_picture_past_the_limit_stops_downloading(media_host, settings):
    host, base, frontend = media_host
    settings.MAX_UPLOAD_MB = 1
    images, errors = await asyncio.wait_for(
        frontend._read([EmbedPicture(f"{base}/endless.png", frontend.client.http)]), timeout=30)
    assert images == [] and [e.key for e in errors] == ["file_too_large"]
    assert errors[0].params["limit"] == 1 and errors[0].params["size"] >= 1
    await asyncio.sleep(0.5)             # (the server's writes after the bot let go)
    assert host.sent < ENDLESS_CAP // 4, host.sent


@pytest.mark.slow
async def test_a_redirect_is_not_followed(media_host):
    host, base, frontend = media_host
    images, errors = await frontend._read([EmbedPicture(f"{base}/moved.png", frontend.client.http)])
    assert images == [] and [e.key for e in errors] == ["dc_download_failed"]
    assert host.asked == ["moved"]
