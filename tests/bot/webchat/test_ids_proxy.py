"""cc1b2af counted new web chat ids per client address as aiohttp saw it (request.remote): behind a
reverse proxy (the README's WEB_ORIGINS set-up) every socket came from the proxy, so the whole site
shared one budget of NEW_IDS_PER_MINUTE and the 21st person opening the chat within a minute was
told 'Too many new chat users started from your network'. A proxy on this host (or a private
network) is now taken at its X-Forwarded-For word (the last entry, the one it appends); a public
peer's header is ignored; IPv6 addresses count by their /64."""
from __future__ import annotations

from types import SimpleNamespace

from multidict import CIMultiDict

from bot.messages import t
from bot.webchat import NEW_IDS_PER_MINUTE, client_address

from tests.bot.webchat import test_ids as test_ids
from tests.bot.webchat.test_ids import said, socket
from tests.bot.webchat.test_webchat_delivery import photo_message

client = test_ids.client


async def test_users_behind_a_local_reverse_proxy_each_have_their_own_budget(client):
    pages = []
    for i in range(NEW_IDS_PER_MINUTE + 5):          # each from their own address, through the proxy
        ws = await socket(client, headers={"X-Forwarded-For": f"203.0.113.{i + 1}"})
        got = await said(ws, photo_message(f"person{i}", "/style gogh"))
        assert not any(m.get("text") == t("en", "web_too_many_ids") for m in got), i
        pages.append(ws)
    assert len(client.queue.jobs) == NEW_IDS_PER_MINUTE + 5
    # one address minting ids through the proxy (a fake first entry of its own) is still held
    for i in range(NEW_IDS_PER_MINUTE):
        ws = await socket(client, headers={"X-Forwarded-For": f"10.9.9.{i}, 198.51.100.7"})
        await said(ws, {"user": f"mint{i}", "text": "/status", "locale": "en-US"})
        pages.append(ws)
    ws = await socket(client, headers={"X-Forwarded-For": "1.1.1.1, 198.51.100.7"})
    assert (await said(ws, {"user": "mint-more", "text": "/status", "locale": "en-US"}))[-1]["text"] == \
        t("en", "web_too_many_ids")
    for page in pages + [ws]:
        await page.close()


def _request(peer, forwarded=()):
    headers = CIMultiDict()
    for value in forwarded:
        headers.add("X-Forwarded-For", value)
    return SimpleNamespace(remote=peer, headers=headers)


def test_which_address_is_counted():
    assert client_address(_request("127.0.0.1")) == "127.0.0.1"
    assert client_address(_request("127.0.0.1", ["203.0.113.5"])) == "203.0.113.5"
    assert client_address(_request("172.17.0.1", ["9.9.9.9, 203.0.113.5"])) == "203.0.113.5"
    assert client_address(_request("::1", ["203.0.113.5", "198.51.100.1"])) == "198.51.100.1"
    assert client_address(_request("8.8.4.4", ["203.0.113.5"])) == "8.8.4.4"      # a public peer's own word
    assert client_address(_request("127.0.0.1", ["not an address"])) == "127.0.0.1"
    assert client_address(_request("2001:db8:1:2:aaaa::1")) == client_address(_request("2001:db8:1:2:bbbb::9"))
    assert client_address(_request("2001:db8:1:2:aaaa::1")) != client_address(_request("2001:db8:1:3::1"))
    assert client_address(_request("::ffff:203.0.113.9")) == "203.0.113.9"
    assert client_address(_request(None)) == ""
