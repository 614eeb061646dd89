"""The DNS-rebinding guard (bot/webchat/origins.py) holds for a chat bound to 127.0.0.1 written as
IPv6 (WEB_HOST=::ffff:127.0.0.1) too: its own is_loopback called that no loopback (Python before
3.13), so a page of evil.example resolving to 127.0.0.1 was "the same origin". It now reads
loopback as the start's WEB_ADMIN warning does (bot.settings.is_loopback)."""
from __future__ import annotations

import pytest
from aiohttp.test_utils import make_mocked_request

from bot.webchat.origins import foreign_page


def handshake(host: str, origin: str):
    return make_mocked_request("GET", "/ws", headers={"Host": host, "Origin": origin})


@pytest.mark.parametrize("web_host", ["127.0.0.1", "::1", "::ffff:127.0.0.1", "localhost"])
def test_a_rebound_name_is_refused_on_every_loopback_address(web_host):
    assert foreign_page(handshake("evil.example:8080", "http://evil.example:8080"), web_host, "")


@pytest.mark.parametrize("host", ["127.0.0.1:8080", "localhost:8080", "[::1]:8080"])
def test_the_chats_own_page_on_a_loopback_name_may_connect(host):
    assert foreign_page(handshake(host, f"http://{host}"), "::ffff:127.0.0.1", "") is None
