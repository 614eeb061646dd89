"""Whether Redis answers, for the bot and the workers: one log line when it goes away and one when
it is back (not a traceback per failed call), and how long to wait before the next try."""
from __future__ import annotations

import logging
import math
import re
import socket
import threading
import time
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .metrics import redact

BACKOFF_MAX = 5.0


# A Redis host that vanishes without closing its connections (a crash, a cut network, a NAT that
# forgot the connection) leaves a call waiting for a reply: a worker hung so would beat on (its
# heartbeat is another thread) and hold its job. A call that hears nothing for SOCKET_TIMEOUT_S
# fails as an outage instead. It stays under BEAT_GRACE (8 s) less a beat (2 s): a heartbeat that
# met a dead connection reconnects and beats before its jobs are taken over (a longer wait got
# a healthy worker's job painted twice). redis-py 8 waits 5 s by itself; 5 to 7, which pyproject
# allows, waited for ever. Every blocking read here waits at most 1 s.
SOCKET_TIMEOUT_S = 5.0
# A call that carries a photo or a painting (up to MAX_UPLOAD_MB, and a style image beside it) is
# given time for it too: within SOCKET_TIMEOUT_S it needed about 32 Mbit/s for 20 MB, and its submit
# failed as an outage over a slower link to a remote Redis. Such calls go through their own clients
# (PayloadClients) whose timeout is SOCKET_TIMEOUT_S plus the payload at PAYLOAD_RATE (8 Mbit/s),
# rounded up to PAYLOAD_STEP_S (a client per step), at most PAYLOAD_TIMEOUT_MAX_S. The heartbeat and
# every other call keep SOCKET_TIMEOUT_S: only a call that carries a payload waits longer on a
# silent Redis, and never one of the heartbeat's. (redis-py's asyncio client times a whole send and
# a whole reply, as a blocking send does; a blocking read times each recv, so a worker's reads of a
# photo need no more time while bytes come.)
PAYLOAD_RATE = 1_000_000          # bytes/s: the slowest link a payload is given time for
PAYLOAD_MIN_BYTES = 64 * 1024     # smaller ones go through the usual client (65 ms at that rate)
PAYLOAD_STEP_S = 5.0
PAYLOAD_TIMEOUT_MAX_S = 120.0
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


def payload_timeout(nbytes: int, base: float | None = SOCKET_TIMEOUT_S) -> float | None:
    """Seconds a call carrying ``nbytes`` may wait: ``base`` (the timeout of any call; None: none)
    plus the payload at PAYLOAD_RATE, rounded up to PAYLOAD_STEP_S, at most PAYLOAD_TIMEOUT_MAX_S
    (or ``base``, when that is longer)."""
    if not base:
        return base
    steps = math.ceil(max(0, nbytes) / (PAYLOAD_RATE * PAYLOAD_STEP_S))
    return max(base, min(base + steps * PAYLOAD_STEP_S, PAYLOAD_TIMEOUT_MAX_S))


def _without_socket_timeout(url: str) -> tuple[str, float | None]:
    """``url`` less its ?socket_timeout= (redis-py's from_url would apply it over any option), and
    that value (None when it has none)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if not any(key == "socket_timeout" for key, _ in query):
        return url, None
    given = [value for key, value in query if key == "socket_timeout" and value]    # as redis-py reads it
    rest = urlencode([(key, value) for key, value in query if key != "socket_timeout"])
    return urlunsplit(parts._replace(query=rest)), (float(given[0]) if given else None)


class PayloadClients:
    """The clients for the calls that carry a photo or a painting (see PAYLOAD_RATE): ``small``,
    the usual one, for a payload under PAYLOAD_MIN_BYTES, else one whose socket timeout is
    ``payload_timeout`` of its size, made by ``make(url, **options)`` (``redis.Redis.from_url`` or
    its asyncio twin) and kept, one per timeout. A ?socket_timeout= in REDIS_URL is the base of
    those timeouts, as it is the timeout of every other call."""

    def __init__(self, url: str, make, small) -> None:
        self.url, given = _without_socket_timeout(url)
        self.base = SOCKET_TIMEOUT_S if given is None else given
        self.options = client_options(url)
        self.make, self.small = make, small
        self._made: dict[float, object] = {}
        self._lock = threading.Lock()      # the worker's heartbeat thread writes results too

    def timeout(self, nbytes: int) -> float | None:
        return self.base if nbytes < PAYLOAD_MIN_BYTES else payload_timeout(nbytes, self.base)

    def for_size(self, nbytes: int):
        """The client for a call that carries ``nbytes``."""
        timeout = self.timeout(nbytes)
        if timeout == self.base:
            return self.small
        with self._lock:
            if timeout not in self._made:
                self._made[timeout] = self.make(self.url, **{**self.options, "socket_timeout": timeout})
            return self._made[timeout]

    def made(self) -> list:
        """The clients made so far (to close)."""
        with self._lock:
            clients = list(self._made.values())
            self._made.clear()
            return clients


# Redis's NOAUTH (redis-py drops the word: "Authentication required.", or to its HELLO "HELLO must
# be called with the client already authenticated"): no password was sent, so none is wrong
NEEDS_AUTH = re.compile(r"NOAUTH|authentication required|already authenticated", re.IGNORECASE)


def needs_password(exc: BaseException, url: str) -> str | None:
    """The line for a Redis that asks for a password REDIS_URL does not give (NOAUTH); None for
    any other refusal (a wrong password)."""
    from redis.connection import parse_url

    try:
        given = parse_url(url).get("password")
    except ValueError:
        return None
    if NEEDS_AUTH.search(str(exc)) and not given:
        return (f"redis at {redact(url)} needs a password and REDIS_URL has none (NOAUTH); give it as "
                "redis://:PASSWORD@host:port/0 (a password with / # ? @ %-encoded)")
    return None


def refused(exc: BaseException, url: str) -> str:
    """Why Redis refused the credentials in REDIS_URL, in one line (at start: the bot's, a worker's)."""
    return needs_password(exc, url) or (f"redis at {redact(url)} refused the credentials in REDIS_URL ({exc}); "
                                        "check the password")


class Link:
    def __init__(self, url: str, log: logging.Logger) -> None:
        self.url = redact(url)
        self._given_url = url              # (whether it has a password: needs_password)
        self.log = log
        self.tls = url.startswith("rediss:")
        self.up = True
        self.refused = False               # down because Redis refuses the password (changed?)
        self.no_password = False           # refused for want of one REDIS_URL does not give (NOAUTH)
        self.writes_refused: str | None = None   # down because Redis refuses writes: why
        self.failures = 0
        self.down_since = 0.0
        self._lock = threading.Lock()      # the worker's heartbeat thread reports too

    def failed(self, exc: BaseException) -> float:
        """A call failed for want of Redis (``is_outage``): returns the seconds to wait before trying again."""
        # redis-py's AuthenticationError is a ConnectionError: the password was changed on a running
        # Redis (its new connections are refused; the first sign may be a plain closed connection)
        refused = type(exc).__name__ == "AuthenticationError"
        full = reason(exc) if refuses_writes(exc) else None
        with self._lock:
            # a Redis that refused writes may then go silent too: said, and the writes no more its reason
            silent = not refused and not full and self.writes_refused is not None
            if self.up or (refused and not self.refused) or (full and not self.writes_refused) or silent:
                if self.up:
                    self.up = False
                    self.down_since = time.monotonic()
                self.refused, self.writes_refused = refused, full
                noauth = needs_password(exc, self._given_url) if refused else None
                self.no_password = noauth is not None
                if noauth:
                    # a password set on a running Redis that REDIS_URL never had: none was changed
                    self.log.error("%s; jobs wait, retrying quietly", noauth)
                elif refused:
                    self.log.error("redis at %s refuses the credentials in REDIS_URL (%s): was its password "
                                   "changed? jobs wait, retrying quietly", self.url, reason(exc))
                elif full:
                    self.log.warning("redis at %s refuses writes (%s): out of memory under maxmemory-policy "
                                   "noeviction, a disk it cannot save to, or a read-only replica; jobs wait, "
                                   "retrying quietly until it takes them again", self.url, full)
                else:
                    # a TLS client (rediss://) meets a Redis without TLS as a silent one: say so
                    hint = "; REDIS_URL says rediss:// (TLS): does this Redis serve TLS?" if self.tls else ""
                    self.log.warning("redis at %s is unreachable (%s%s); jobs wait, retrying quietly until it "
                                     "is back", self.url, reason(exc), hint)
            self.failures += 1
            return min(BACKOFF_MAX, 0.25 * 2 ** min(self.failures, 5))

    def ok(self, writes: bool = True) -> None:
        """A call went through; ``writes=False``: one that wrote nothing, which says nothing of a
        Redis that refuses writes (a worker's reads go through while its beats fail)."""
        if self.up or (self.writes_refused and not writes):
            return
        with self._lock:
            if not self.up:
                again = "takes writes again" if self.writes_refused else "is reachable again"
                # the end of an outage said at WARNING: nothing is wrong any more
                self.log.info("redis at %s %s after %.0f s", self.url, again, time.monotonic() - self.down_since)
            self.up = True
            self.refused = self.no_password = False
            self.writes_refused = None
            self.failures = 0


def refuses_writes(exc: BaseException) -> bool:
    """Redis answers but writes nothing: out of memory under maxmemory-policy noeviction (OOM), its
    disk failing under stop-writes-on-bgsave-error (MISCONF), a read-only replica (READONLY). Not a
    setting of ours to fix: waited out as an outage."""
    import redis.exceptions as rx

    if isinstance(exc, (rx.OutOfMemoryError, rx.ReadOnlyError)):
        return True
    return isinstance(exc, rx.ResponseError) and error_text(exc).startswith(("MISCONF", "OOM", "READONLY"))


def is_outage(exc: BaseException) -> bool:
    """Whether a Redis error is one to wait out: no answer (redis-py wraps socket errors), or
    Redis refusing writes."""
    import redis

    return isinstance(exc, (redis.ConnectionError, redis.TimeoutError)) or refuses_writes(exc)


# redis-py quotes a pipeline's failed command in its error, arguments (a photo's bytes) included
_PIPELINE_COMMAND = re.compile(r"^Command # \d+ \(.*\) of pipeline caused error: ", re.S)


def error_text(exc: BaseException) -> str:
    """An error's message without the command redis-py quotes in it."""
    return _PIPELINE_COMMAND.sub("", str(exc))


def reason(exc: BaseException) -> str:
    """An error in one short line for the log: its class and message, no command's arguments."""
    text = error_text(exc)
    first = text.splitlines()[0] if text else ""
    return f"{type(exc).__name__}: {first}"[:200] if first else type(exc).__name__
