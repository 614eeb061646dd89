"""Review of bcaf6af's reserved web chat port, with WEB_HOST an IPv6 address. WEB_HOST=:: was
said to serve "on every address of this machine", but its socket took IPv6 alone (IPV6_V6ONLY,
as asyncio binds it): a page opened at http://127.0.0.1:PORT/ or the machine's IPv4 address was
refused. And WEB_HOST=::1 was printed as http://::1:PORT/, which no browser opens."""
from __future__ import annotations

import asyncio
import socket

import aiohttp
import pytest

from bot.__main__ import run

from tests.bot import test_frontend_retry as retry
from tests.bot.test_main import free_port
from tests.bot.test_frontend_retry import until

bot_env = retry.bot_env       # the fixture


def ipv6_here() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as sock:
            sock.bind(("::1", 0))
        return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not ipv6_here(), reason="no IPv6 on this machine")


async def page(url: str) -> int:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status


@pytest.mark.parametrize("host, urls", [
    ("::", ["http://127.0.0.1:{port}/", "http://[::1]:{port}/"]),      # every address: IPv4 too
    ("::1", ["http://[::1]:{port}/"]),
])
async def test_an_ipv6_web_host_is_served_where_it_is_said(bot_env, capsys, host, urls):
    port = free_port()
    bot_env.WEB_ENABLED, bot_env.WEB_HOST, bot_env.WEB_PORT = "true", host, port
    stop = asyncio.Event()
    bot = asyncio.create_task(run(bot_env, stop))
    try:
        said = ""

        def printed():
            nonlocal said
            said += capsys.readouterr().out
            return "Web chat: http" in said
        await until(printed, bot)
        shown = said.split("Web chat: ", 1)[1].split()[0]
        assert shown == ("http://localhost:{port}/" if host == "::" else urls[0]).format(port=port), said
        for url in urls:
            assert await page(url.format(port=port)) == 200, url
    finally:
        stop.set()
        await asyncio.wait_for(bot, 30)
