"""The Discord front-end's stop (Ctrl-C, SIGTERM, a restart): a request is never lost without a word.

discord.py runs each message and each interaction in a task of its own, which closing the client
neither waits for nor cancels: a photo still downloading, painting or uploading, a slash command's
or a button's request, went on under a closed client, or died with the process, its user told
nothing. The front-end tracks each request it numbered (layer.arrive) with what it answers (a
message, or an interaction and its responder); at a stop they get HANDLERS_STOP_WAIT_S, then the
rest are cancelled and each one's user told busy_restarting in their language (an album held over
after one photo: which photos to send again), within CUT_OFF_TELL_S, before the client closes:
a message by a reply in its channel, an interaction by a follow-up while its token lasts, else in
its channel (its responder's way). Not told: a request the layer kept for after the restart or the
user dropped (/cancel, /forgetme): cut_off_word. As the Telegram front-end does
(TelegramFrontend._handlers_ended); 6 + 2 s, and the client's close in what is left of bot/__main__.py's
CLOSE_S (10 s).

A request that comes once the handlers are cut off (``closing``: the gateway is still open until the
client closes) is not begun, and its user is told as those cut off are.
"""
from __future__ import annotations

import asyncio
import dataclasses
import logging
from typing import TYPE_CHECKING, Any

import discord

from . import discord_messages      # (the module: it imports this one)
from .commands import Reply, Request
from .cut_off_word import cut_off_word
from .messages import t

if TYPE_CHECKING:
    from .discord_bot import DiscordFrontend

log = logging.getLogger(__name__)

HANDLERS_STOP_WAIT_S = 6.0  # what a stop waits for the requests under way (the layer had DELIVERY_S already)
CUT_OFF_TELL_S = 2.0        # every user cut off told at once, one try each, within this


@dataclasses.dataclass
class Handling:
    """A request under way: its number (None: turned away before it took one) and what it answers,
    a user's message or an interaction with its responder (a DiscordResponder)."""
    seq: int | None
    message: discord.Message | None = None
    out: Any = None
    # paintings of it sent (an album's first photos): cut off after them, "send it again" had
    # them painted twice; its user is told to send again only the photos not painted
    paintings: int = 0
    # the pictures its handler read (a message's files or GIF embeds, an interaction's attachments;
    # none for a text, which paints the user's last photo): one of a single picture whose painting
    # was sent has lost nothing, and is told nothing (cut_off_word)
    photos: int = 1


class HandlersAtStop:
    """The tasks handling requests, each with what it answers, for a stop to wait for and cut off."""

    def __init__(self, frontend: "DiscordFrontend"):
        self.frontend = frontend
        self.under_way: dict[asyncio.Task, Handling] = {}
        self.turned_away: list[Handling] = []
        self.closing = False        # the handlers are cut off: a request that comes now is not begun

    def turns_away(self, handling: Handling) -> bool:
        """Whether the request ``handling`` is not begun (the stop has cut off the others); it is
        kept for its user to be told."""
        if self.closing:
            self.turned_away.append(handling)
        return self.closing

    def track(self, handling: Handling) -> None:
        """The current task handles ``handling`` (numbered now) until it ends."""
        task = asyncio.current_task()
        if task is not None and task not in self.under_way:
            self.under_way[task] = handling
            task.add_done_callback(lambda done: self.under_way.pop(done, None))

    def painting_sent(self) -> None:
        """The current task's request has had a painting of its sent (its responder's word)."""
        handling = self.under_way.get(asyncio.current_task())
        if handling is not None:
            handling.paintings += 1

    async def stop(self) -> None:
        """Wait up to HANDLERS_STOP_WAIT_S for the requests under way, cancel the rest, and tell
        their users (and those turned away meanwhile) within CUT_OFF_TELL_S. Never raises."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + HANDLERS_STOP_WAIT_S
        while self._running() and loop.time() < deadline:
            await asyncio.wait(self._running(), timeout=deadline - loop.time())
        self.closing = True
        cut = {task: self.under_way[task] for task in self._running()}
        tell_until = loop.time() + CUT_OFF_TELL_S
        if cut:
            log.warning("stopping: %d Discord request(s) still under way after %g s cut off; their users are "
                        "asked to send them again", len(cut), HANDLERS_STOP_WAIT_S)
            for task in cut:
                task.cancel()
            await asyncio.wait(cut, timeout=CUT_OFF_TELL_S)     # (at once, unless one ignores its cancel)
        # (after the cancel: the layer notes what it held over as a handling ends)
        told = [(handling, word) for handling in cut.values() if (word := self._word(handling)) is not None]
        await self._tell(told, tell_until)

    def _word(self, handling: Handling) -> tuple[str, dict] | None:
        """What the user of ``handling``, cut off, is told (cut_off_word): an album some of whose
        paintings were sent, to send again only the photos they did not get."""
        return cut_off_word(self.frontend.layer, handling.seq, painting_sent=handling.paintings > 0,
                            photos=handling.photos)

    def _running(self) -> list[asyncio.Task]:
        return [task for task in self.under_way if not task.done()]

    async def _tell(self, told: list[tuple[Handling, tuple[str, dict]]], deadline: float) -> None:
        """Tell each one its words, and those turned away meanwhile busy_restarting, until ``deadline``."""
        loop = asyncio.get_running_loop()
        while True:
            away, self.turned_away = self.turned_away, []
            if away:
                log.warning("stopping: %d Discord request(s) not begun turned away; their users are asked to "
                            "send them again", len(away))
            told += [(handling, ("busy_restarting", {})) for handling in away]
            if not told or loop.time() >= deadline:
                break
            results = await self._within(told, deadline - loop.time())
            failed = [r for r in results if isinstance(r, BaseException)]
            if failed:
                log.warning("stopping: %d user(s) cut off could not be told (%s)", len(failed),
                            ", ".join(sorted({type(e).__name__ for e in failed})))
            told = []
        if told:
            log.warning("stopping: %d user(s) cut off not told within %g s", len(told), CUT_OFF_TELL_S)

    async def _within(self, told: list[tuple[Handling, tuple[str, dict]]], limit: float) -> list:
        """Each one told, all at once; those not done within ``limit`` s cancelled: what each ended with."""
        tasks = [asyncio.ensure_future(self._say(handling, key, params)) for handling, (key, params) in told]
        _, late = await asyncio.wait(tasks, timeout=limit)
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)
        return [asyncio.TimeoutError() if task.cancelled() else task.exception() for task in tasks]

    async def _say(self, handling: Handling, key: str, params: dict) -> None:
        if handling.message is not None:
            lang = self._message_lang(handling.message)
            await discord_messages.MessageResponder(self.frontend, handling.message, lang).send(Reply(t(lang, key, **params)))
            return
        from .discord_bot import ALREADY_ACKNOWLEDGED, UNKNOWN_INTERACTION   # (here: discord_bot imports this module)
        out = handling.out
        text = t(out.lang, key, **params)
        response = out.interaction.response
        if not out.expired and not response.is_done():      # not acknowledged yet (turned away): answered so
            try:
                await response.send_message(text, ephemeral=out.private)
                return
            except discord.HTTPException as exc:
                if exc.code == ALREADY_ACKNOWLEDGED and handling.seq is None:
                    return                  # turned away: another instance of the bot took it, and answers it
                if exc.code == UNKNOWN_INTERACTION:
                    out.expired, out.thinking = True, False     # past Discord's 3 s: its channel's way, as _defer's
                elif exc.code != ALREADY_ACKNOWLEDGED:      # (cut off as its own "thinking…" went through)
                    raise
        await out.send(Reply(text))     # a follow-up, or in its channel once the token is gone

    def _message_lang(self, message: discord.Message) -> str:
        """The language of a message's user (as the layer's replies to it are), as far as it can be
        known without the store where that fails."""
        user = f"dc:{message.author.id}"
        req = Request("dc", user, f"dc:{message.channel.id}",
                      locale=self.frontend.inbox.locales.of(user, message.content, discord_messages.server_locale(message)))
        try:
            return self.frontend.layer.lang_of(req)
        except Exception:
            return self.frontend.layer.lang_without_store(req)
