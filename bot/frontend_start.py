"""Starting the platform front-ends (Telegram, Discord). A start that fails for a while (no DNS,
the network or the platform's API down, a timeout) is tried again in the background, with backoff,
while the rest of the bot runs: a network blip at boot no longer takes the bot off a platform until
someone restarts it. A start refused for good (a wrong token) is said plainly and not tried again.

Neither telegram nor discord is imported here: a bot without a platform does not load its library.
"""
from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import sys
from dataclasses import dataclass, field
from typing import Awaitable, Callable, Iterator

log = logging.getLogger("bot")

RETRY_FIRST_S = 5.0       # the first retry's wait; each next one waits twice as long ...
RETRY_MAX_S = 300.0       # ... up to this
# what one try may take: a platform API that takes the connection and never answers held the
# first start (and the web chat's, and a stop) for aiohttp's 5 minutes; it is a failed try then
START_TRY_S = 120.0


class NoAnswer(TimeoutError):
    """A start that had no answer in START_TRY_S (a TimeoutError: an OSError, tried again)."""


def retry_delays(first: float | None = None, most: float | None = None) -> Iterator[float]:
    """5, 10, 20, ... seconds, then RETRY_MAX_S for ever (read at each call: a test may shorten them)."""
    delay = RETRY_FIRST_S if first is None else first
    most = RETRY_MAX_S if most is None else most
    while True:
        yield min(delay, most)
        delay *= 2


def may_pass(exc: BaseException) -> bool:
    """Whether a start that failed with ``exc`` may work when tried again: the network (DNS,
    refused, cut, timed out) or the platform's servers (5xx, flood wait, a rate limit). Not a
    refused token, a malformed request nor a bug: those would fail the same way for ever."""
    if isinstance(exc, (OSError, asyncio.TimeoutError)):      # aiohttp's ClientConnectorError is one
        return True
    aiohttp = sys.modules.get("aiohttp")
    if aiohttp is not None and isinstance(exc, aiohttp.ClientError):     # a dropped connection
        return True
    tg = sys.modules.get("telegram.error")
    if tg is not None and isinstance(exc, (tg.NetworkError, tg.RetryAfter)):
        return not isinstance(exc, tg.BadRequest)             # (BadRequest is a NetworkError)
    discord = sys.modules.get("discord")
    if discord is None:
        return False
    # a 429 discord.py does not wait out itself: Cloudflare's ban of the address (an hour or so)
    return isinstance(exc, (discord.DiscordServerError, discord.RateLimited)) or (
        isinstance(exc, discord.HTTPException) and exc.status == 429)


def token_refused(exc: BaseException) -> bool:
    """The platform said the token is wrong (Telegram 401/404 on getMe, Discord 401 at login)."""
    tg = sys.modules.get("telegram.error")
    discord = sys.modules.get("discord")
    return bool((tg is not None and isinstance(exc, tg.InvalidToken))
                or (discord is not None and isinstance(exc, discord.LoginFailure)))


def failure(exc: BaseException) -> str:
    if isinstance(exc, NoAnswer):                      # (its words say it all)
        return str(exc)
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


class StartStopped(Exception):
    """The bot was told to stop during a first start (which is given up)."""


@dataclass
class Platform:
    """One front-end to start: ``key`` ("tg", "dc"), its ``name`` and ``setting`` (its token's) for
    the log, ``reopen``: what makes it startable again after a failed start and stop() (Discord's
    DiscordFrontend.reopen; Telegram's Application starts again after stop() as it is)."""
    key: str
    name: str
    setting: str
    frontend: object
    reopen: Callable[[], None] | None = None


@dataclass
class FrontendStarts:
    """Each platform started at once, or tried again in the background until it starts.
    ``on_started(platform, late)`` is awaited when one starts (``late``: by a retry);
    ``on_refused(why)`` is called when a retry ends refused for good."""
    on_started: Callable[[Platform, bool], Awaitable[None]]
    on_refused: Callable[[str], None] = lambda why: None
    refused: list[str] = field(default_factory=list)         # why each one refused for good did not start
    retrying: dict[str, asyncio.Task] = field(default_factory=dict)    # key -> its retries
    # front-end ("telegram", "discord", "web") -> "starting", "retrying", "not tried again" or "up":
    # for /healthz. Set by the start loop only: a reconnect of a running one (its library's) is no news
    states: dict[str, str] = field(default_factory=dict)

    def health(self) -> dict:
        """For /healthz: ``frontends`` (each one's state), and a problem line for each configured
        one not up (its start under way, retried, or refused for good): no chat is served there."""
        return {"frontends": dict(self.states),
                "problems": [f"{name} is not connected ({state})" for name, state in self.states.items()
                             if state != "up"]}

    def _state(self, platform: Platform, state: str) -> None:
        self.states[platform.name.lower()] = state

    async def start(self, platform: Platform, stop: asyncio.Event | None = None) -> None:
        """The first try, awaited; given up (its front-end stopped) once ``stop`` is set."""
        self._state(platform, "starting")
        try:
            exc = await self._unless_stopped(self._try(platform), stop)
        except StartStopped:
            return
        if exc is None:
            self._state(platform, "up")
            await self.on_started(platform, False)
        elif may_pass(exc):
            delays = retry_delays()
            delay = next(delays)
            self._say_again(platform, exc, delay)
            self._state(platform, "retrying")
            self.retrying[platform.key] = asyncio.create_task(self._retry(platform, delays, delay))
        else:
            self._refused(platform, exc)

    async def stop(self) -> None:
        """The retries under way end (a start under way is stopped)."""
        tasks = list(self.retrying.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self.retrying.clear()

    @staticmethod
    async def _unless_stopped(attempt: Awaitable, stop: asyncio.Event | None):
        """``attempt``'s result, or StartStopped (it cancelled) once ``stop`` is set: a Ctrl-C or
        SIGTERM during a first start that waits for a slow API is not held until it ends."""
        trying = asyncio.ensure_future(attempt)
        if stop is None:
            return await trying
        stopping = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({trying, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
            if not trying.done():
                trying.cancel()
                await asyncio.gather(trying, return_exceptions=True)
        if trying.cancelled():
            raise StartStopped
        return trying.result()

    async def _retry(self, platform: Platform, delays: Iterator[float], delay: float) -> None:
        for tries in itertools.count(2):
            await asyncio.sleep(delay)
            exc = await self._try(platform)
            if exc is None:
                log.info("%s started at try %d", platform.name, tries)
                del self.retrying[platform.key]           # (before on_started: it is running now)
                self._state(platform, "up")
                await self.on_started(platform, True)
                return
            if not may_pass(exc):
                del self.retrying[platform.key]
                self.on_refused(self._refused(platform, exc))
                return
            delay = next(delays)
            self._say_again(platform, exc, delay)

    @staticmethod
    def _say_again(platform: Platform, exc: BaseException, delay: float) -> None:
        log.warning("%s did not start: %s; trying again in %g s (a network or server problem, not %s)",
                    platform.name, failure(exc), delay, platform.setting)

    async def _try(self, platform: Platform) -> BaseException | None:
        """One start; its error, after stopping what it had started, or None once it runs."""
        limit = asyncio.timeout(START_TRY_S)
        try:
            try:
                async with limit:
                    await platform.frontend.start()
            except TimeoutError:
                if not limit.expired():                   # the library's own: its words
                    raise
                raise NoAnswer(f"no answer in {START_TRY_S:g} s") from None
            return None
        except asyncio.CancelledError:                    # the bot stops meanwhile
            with contextlib.suppress(Exception):
                await platform.frontend.stop()
            raise
        except Exception as exc:       # its message never holds the token (redacted in any case)
            with contextlib.suppress(Exception):
                await platform.frontend.stop()
            if platform.reopen is not None:
                with contextlib.suppress(Exception):
                    platform.reopen()
            return exc

    def _refused(self, platform: Platform, exc: BaseException) -> str:
        if token_refused(exc):
            why = f"{platform.name} refused {platform.setting} ({failure(exc)}): check the token"
        else:
            why = f"{platform.name} did not start ({failure(exc)})"
        log.error("%s; not tried again", why)
        self.refused.append(why)
        self._state(platform, "not tried again")
        return why
