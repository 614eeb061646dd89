"""Whether Redis answers, for the bot and the workers: one log line when it goes away and one when
it is back (not a traceback per failed call), and how long to wait before the next try."""
from __future__ import annotations

import logging
import threading
import time

from .metrics import redact

BACKOFF_MAX = 5.0


def client_options(url: str, socket_timeout: float) -> dict:
    """redis-py client options for ``url``. A Redis host that vanishes without closing its
    connections (a crash, a cut network) leaves a call waiting for a reply: a worker hung so would
    beat on (its heartbeat is another thread) and hold its job. A call that hears nothing for
    ``socket_timeout`` (REDIS_SOCKET_TIMEOUT) fails as an outage instead (redis-py 8 bounds it at
    5 s by itself; 5 to 7, which pyproject allows, waited for ever); TCP keepalive (TCP only: a
    unix:// socket's connection takes no such option) finds a dead idle connection. An option in
    REDIS_URL (?socket_timeout=...) takes precedence: redis-py's from_url applies it last."""
    options = {"socket_timeout": socket_timeout, "socket_connect_timeout": 10.0, "health_check_interval": 30}
    return options if url.startswith("unix:") else {**options, "socket_keepalive": True}


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
