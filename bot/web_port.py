"""The web chat's address, taken before anything else starts. A WEB_PORT already in use was found
only when the web chat started, after the engine workers had started and loaded their models; it is
now one line and exit 2 at once, as any other wrong setting. The sockets bound here are the ones
the web chat then serves on (nobody can take the port in between)."""
from __future__ import annotations

import errno
import os
import socket
import sys


def reuse_address() -> bool:
    """SO_REUSEADDR where it means "past a closed socket's TIME_WAIT" (as asyncio sets it): on
    Windows it lets a socket take a port another program listens on, so a taken port went unseen."""
    return os.name == "posix" and sys.platform != "cygwin"


class WebPortUnusable(Exception):
    """WEB_HOST:WEB_PORT cannot be listened on; the message says which setting to change."""


def reserve_web_port(host: str, port: int) -> list[socket.socket]:
    """Listening sockets on every address ``host`` names (as aiohttp's TCPSite, that is asyncio's
    create_server, would open), or WebPortUnusable."""
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise WebPortUnusable(f"WEB_HOST={host}: the web chat cannot listen there: {exc.strerror}; "
                              "set WEB_HOST to an address of this machine") from None
    sockets: list[socket.socket] = []
    # "::" alone (the IPv6 wildcard) takes IPv4 too, as the start line says ("every address"); beside
    # an IPv4 socket of its own ("localhost", no host) the IPv6 one takes IPv6 alone, as asyncio's
    both_families = {info[0] for info in infos} >= {socket.AF_INET, socket.AF_INET6}
    try:
        for family, kind, proto, _, address in dict.fromkeys(infos):
            try:
                sock = socket.socket(family, kind, proto)
            except OSError:                   # a family this machine lacks (IPv6): skipped, as asyncio does
                continue
            sockets.append(sock)
            if reuse_address():
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, int(both_families))
            sock.bind(address)
            sock.listen(128)                  # (a page opened meanwhile waits for the web chat to start)
            sock.setblocking(False)
    except OSError as exc:
        for sock in sockets:
            sock.close()
        raise WebPortUnusable(unusable(host, port, exc)) from None
    if not sockets:
        raise WebPortUnusable(f"WEB_HOST={host}: the web chat cannot listen there; "
                              "set WEB_HOST to an address of this machine")
    return sockets


def unusable(host: str, port: int, exc: OSError) -> str:
    why = exc.strerror or str(exc)
    if exc.errno == errno.EADDRNOTAVAIL:      # not an address of this machine
        return (f"WEB_HOST={host}: the web chat cannot listen on {host}:{port}: {why}; "
                "set WEB_HOST to an address of this machine")
    return (f"WEB_PORT={port}: the web chat cannot listen on {host}:{port}: {why}; "
            "set WEB_PORT to a free port (or stop what uses it)")
