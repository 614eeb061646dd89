"""Which pages may open the web chat's socket. A browser lets any page open a WebSocket to
127.0.0.1:8080, and the chat has no login: a hostile site the operator visits could have added and
removed the community's styles in their name, and painted under any number of names. So the
socket answers its own page only: the handshake's Origin (every browser sends one) must be the
address the page was served from, or one of WEB_ORIGINS (a page served through a proxy under
another name). A chat bound to a loopback address also answers only to loopback host names: a
site whose name its DNS turns into 127.0.0.1 (DNS rebinding) would otherwise be "the same
origin". Clients that are no browser send no Origin and are not refused for it."""
from __future__ import annotations

from urllib.parse import urlsplit

from aiohttp import web

# one reading of loopback for the start's warning and this guard (::ffff:127.0.0.1 is one)
from ..settings import is_loopback

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def allowed_origins(setting: str) -> set[str]:
    """WEB_ORIGINS: "https://chat.example.com, http://paint.lan:8080" -> their lower-case origins."""
    return {origin.strip().rstrip("/").lower() for origin in setting.split(",") if origin.strip()}


def foreign_page(request: web.Request, web_host: str, web_origins: str) -> str | None:
    """Why the socket's handshake comes from a page other than the chat's own (for the log), or
    None where it may connect."""
    host = request.host.lower()
    origin = request.headers.get("Origin")
    if origin is not None and origin.rstrip("/").lower() in allowed_origins(web_origins):
        return None
    if is_loopback(web_host) and not is_loopback(urlsplit(f"//{host}").hostname or ""):
        return f"Host {host!r} is no name of this machine (the chat listens on {web_host} only)"
    if origin is not None and urlsplit(origin).netloc.lower() != host:
        # what to do, not "WEB_ORIGINS allows it": read as "it is allowed", on the line of its refusal
        return (f"the page at {origin!r} is not the chat's own ({host}); if it is yours (a proxy under "
                "another name), add it to WEB_ORIGINS to allow it")
    return None
