"""Whether Redis answers, for the bot and the workers: one log line when it goes away and one when
it is back (not a traceback per failed call), and how long to wait before the next try."""
from __future__ import annotations

import logging
import socket
import threading
import time

from .metrics import redact

BACKOFF_MAX = 5.0


# A Redis host that vanishes without closing its connections (a crash, a cut network, a NAT that
# forgot the connection) leaves a call waiting for a reply: a worker hung so would beat on (its
# heartbeat is another thread) and hold its job. A call that hears nothing for SOCKET_TIMEOUT_S
# fails as an outage instead. It stays under BEAT_GRACE (8 s) less a beat (2 s): a heartbeat that
# met a dead connection reconnects and beats before its jobs are taken over (a longer wait got
# a healthy worker's job painted twice). redis-py 8 waits 5 s by itself; 5 to 7, which pyproject
# allows, waited for ever. Every blocking read here waits at most 1 s. The cost: a photo must reach
# Redis within it (20 MB needs about 32 Mbit/s): keep Redis near the bot.
SOCKET_TIMEOUT_S = 5.0
# TCP keepalive probes after 30 s idle, then every 5 s, 3 times: the OS default waits 2 hours
KEEPALIVE = {"TCP_KEEPIDLE": 30, "TCP_KEEPINTVL": 5, "TCP_KEEPCNT": 3}


def client_options(url: str) -> dict:
    """redis-py client options for ``url`` (SOCKET_TIMEOUT_S; keepalive for TCP only: a unix://
    socket's connection takes no such option). An option in REDIS_URL (?socket_timeout=...)
    takes precedence: redis-py's from_url applies it last."""
    options = {"socket_timeout": SOCKET_TIMEOUT_S, "socket_connect_timeout": SOCKET_TIMEOUT_S}
    if url.startswith("unix:"):
        return options
    probes = {getattr(socket, name): value for name, value in KEEPALIVE.items() if hasattr(socket, name)}
    return {**options, "socket_keepalive": True, "socket_keepalive_options": probes}


class Link:
    def __init__(self, url: str, log: logging.Logger) -> None:
        self.url = redact(url)
        self.log = log
        self.up = True
        self.refused = False               # down because Redis refuses the password (changed?)
        self.failures = 0
        self.down_since = 0.0
        self._lock = threading.Lock()      # the worker's heartbeat thread reports too

    def failed(self, exc: BaseException) -> float:
        """A call failed for want of Redis: returns the seconds to wait before trying again."""
        # redis-py's AuthenticationError is a ConnectionError: the password was changed on a running
        # Redis (its new connections are refused; the first sign may be a plain closed connection)
        refused = type(exc).__name__ == "AuthenticationError"
        with self._lock:
            if self.up or (refused and not self.refused):
                if self.up:
                    self.up = False
                    self.down_since = time.monotonic()
                self.refused = refused
                if refused:
                    self.log.error("redis at %s refuses the credentials in REDIS_URL (%s): was its password "
                                   "changed? jobs wait, retrying quietly", self.url, _reason(exc))
                else:
                    self.log.warning("redis at %s is unreachable (%s); jobs wait, retrying quietly until it "
                                     "is back", self.url, _reason(exc))
            self.failures += 1
            return min(BACKOFF_MAX, 0.25 * 2 ** min(self.failures, 5))

    def ok(self) -> None:
        """A call went through."""
        if self.up:
            return
        with self._lock:
            if not self.up:
                self.log.warning("redis at %s is reachable again after %.0f s", self.url,
                                 time.monotonic() - self.down_since)
            self.up = True
            self.refused = False
            self.failures = 0


def _reason(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}"[:200] if text else type(exc).__name__
