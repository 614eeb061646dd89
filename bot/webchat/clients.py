"""Who is at the other end of a web chat socket: the address its new ids are counted under
(behind a reverse proxy too), and the browser's first language."""
from __future__ import annotations

import ipaddress

from aiohttp import web


def browser_locale(request: web.Request) -> str:
    """The browser's first language (its Accept-Language), for a reply to a page that named none
    (a hello, a refused message without its locale)."""
    return request.headers.get("Accept-Language", "").split(",")[0].split(";")[0].strip()


def client_address(request: web.Request) -> str:
    """The address a socket's new ids are counted under (WebChatHub.admits). Behind a reverse
    proxy every socket came from the proxy's address, so the whole site shared one budget of
    NEW_IDS_PER_MINUTE: the 21st user opening the chat within a minute was refused. A peer on this
    host or a private network (a proxy there, or a container's) is taken to be a proxy when the
    request has X-Forwarded-For: the address it saw (the header's last entry, the one a proxy
    appends) is counted; a public peer's header is its own word and ignored. An IPv6 address is
    counted by its /64 (one host's share: a script there has as many addresses as it likes)."""
    peer = request.remote or ""
    try:
        ip = ipaddress.ip_address(peer)
    except ValueError:
        return peer
    if ip.is_loopback or ip.is_private:
        hops = [h.strip() for h in ",".join(request.headers.getall("X-Forwarded-For", [])).split(",")]
        if hops[-1]:
            try:
                ip = ipaddress.ip_address(hops[-1])
            except ValueError:
                return peer
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
