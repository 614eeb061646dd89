"""What both Discord responders share (a slash command's, bot/discord_bot.py's DiscordResponder,
and a message's, bot/discord_messages.py's MessageResponder; and a job's delivered after a restart,
discord_bot.ResumedPosts): a reply sent as its parts
(discord_bot.message_parts: a long text in several messages, the file fitted to the upload limit,
one file a message), the painting noted as sent once a part with its file went out, and a post in
the channel with its fallbacks. A channel that refuses the bot's posts (403: no Send Messages, a
read-only channel, a private one) gets none from then on: they go to the user by DM, naming the
channel (discord_dm.part_by_dm); one gone (404), or with the user's DMs closed too, closes the
responder: nothing more goes out, and a reply of which nothing went out raises ChatUnreachable
(the command layer paints nothing for no one). Each responder says only what differs: how one
part goes out (a follow-up first, or a reply to the message) and how it goes in the channel."""
from __future__ import annotations

import contextvars
import logging
from typing import TYPE_CHECKING

import discord

from . import discord_dm
from .chat import ChatUnreachable, Reply

if TYPE_CHECKING:
    from .discord_bot import DiscordFrontend


# (which, of how many) the part of a reply that this task is sending, for _dm's log line. The
# task's own, not the responder's: a progress line's edit posted anew (MessageResponder.edit) in
# another task while a reply's part is being sent was logged as that part
SENDING_PART: contextvars.ContextVar[tuple[int, int] | None] = contextvars.ContextVar("sending_part", default=None)


class PartsSender:
    """The send loop and the channel's fallbacks of a Discord responder. A subclass sets
    ``frontend`` and calls ``__init__``; it gives ``lang``, ``file_limit``, ``user`` (who a DM
    goes to), ``channel_id``, ``in_dm`` (the chat is itself a DM), ``refused`` (its log lines'
    start, "%s" the channel), ``log`` (its module's logger: the lines are that front-end's) and
    the methods below that raise NotImplementedError."""

    frontend: "DiscordFrontend"
    refused = "cannot post in channel %s"
    log = logging.getLogger(__name__)

    def __init__(self) -> None:
        self.sent = 0
        self.closed = False               # neither the channel nor a DM takes a post: nothing more goes out
        self.why = ""                     # why it closed, for the log
        self.by_dm = False                # the channel refused a post (403): the rest goes to the user by DM
        self.files_by_dm = 0              # parts whose file went to the user by DM (no Attach Files in the channel)
        self.messages: dict[int, discord.Message] = {}     # handle (message id) -> the message sent for it

    # -- what differs ------------------------------------------------------------------------------
    lang: str
    file_limit: int
    user: discord.abc.User
    channel_id: int
    in_dm: bool

    def worded(self, reply: Reply) -> Reply:
        """The reply in this front-end's words (captions said the Discord way)."""
        raise NotImplementedError

    async def _send_part(self, kwargs: dict, reply: Reply) -> discord.Message | None:
        """One part of ``reply`` (keyword arguments of a Discord send); None where it did not go out."""
        raise NotImplementedError

    async def _in_channel(self, kwargs: dict) -> discord.Message:
        """One post in the channel, raising Discord's refusal (the fallbacks are _post's)."""
        raise NotImplementedError

    def unreachable(self) -> bool:
        """Whether nothing more reaches the user: the channel and their DMs closed (``closed``)."""
        return self.closed

    # -- what is shared ----------------------------------------------------------------------------
    async def send(self, reply: Reply) -> int | None:
        """Sends the reply (several messages when it is long, or has several files); its handle
        is the first message's."""
        from .discord_bot import message_parts          # (here: discord_bot imports the responders)
        self.sent += 1
        reply = self.worded(reply)
        first = None
        painted = False                  # a part with the painting's file went out (not only its text)
        files_by_dm = self.files_by_dm
        parts = await message_parts(self.frontend, reply, self.file_limit, self.lang)
        for which, kwargs in enumerate(parts, 1):
            before = self.files_by_dm
            sending = SENDING_PART.set((which, len(parts)))
            try:
                message = await self._send_part(kwargs, reply)
            except Exception as exc:
                if self.files_by_dm == before:
                    raise                # nothing of this part went out: the caller's, as ever
                # its file went to the user by DM, then the channel's note saying so failed (Discord's
                # 5xx past discord.py's retries): raised, the painting path told a user who had the
                # painting that it could not be sent. Delivered; the rest is tried still
                self.log.warning("the note in channel %s on a file sent to the user by DM failed (%s: %s); "
                                 "the file was delivered", self.channel_id, type(exc).__name__, exc)
                continue
            finally:
                SENDING_PART.reset(sending)
            if message is None:          # closed (refused): nothing more to send. Else this part alone
                if self.closed:          # was dropped (a DM's 5xx, logged): the next ones, the painting
                    break                # after a text part too, are tried still
                continue
            self.messages[message.id] = message
            first = first or message
            painted = painted or "file" in kwargs
        # a file that went by DM before the channel closed (its note's post 404): the painting was
        # delivered; taken for the chat gone, the job counted as lost and the layer said so
        painted = painted or self.files_by_dm > files_by_dm
        if first is None and not painted and self.unreachable():   # the channel is gone, and the user's
            raise ChatUnreachable(self.why)     # DMs closed: the layer sends nothing more, paints nothing for no one
        if painted:
            self.frontend.handlers.painting_sent()   # (a stop cutting off the rest: not asked again)
        return first.id if first is not None else None

    async def _post(self, kwargs: dict, body: bytes | None = None) -> discord.Message | None:
        """One part posted in the channel (``body``: its file's bytes, where read before a refused
        try); a file the channel refuses (no Attach Files) goes by DM, the rest saying so. Where
        the channel refuses the bot's posts (403) this part and the rest go to the user by DM,
        naming the channel; said once in the log. None where it did not go out; the DM with its
        file where only that did (the channel then refused the note)."""
        if self.closed:
            return None
        body = discord_dm.file_body(kwargs) if body is None else body
        if self.by_dm:
            return await self._dm(kwargs, body)
        try:
            return await discord_dm.send_or_dm_file(self._in_channel, self.frontend.client, self.user, kwargs,
                                                    self.lang, self.channel_id, body)
        except discord.HTTPException as exc:
            file_dm = getattr(exc, "file_sent_by_dm", None)   # the DM that took this part's file, if one did
            self.files_by_dm += file_dm is not None
            if isinstance(exc, discord.NotFound):
                return self._close(exc)
            if not isinstance(exc, discord.Forbidden):
                raise                    # Discord's trouble: send says what became of the part
            if self.in_dm:               # a DM itself: closed to the bot
                return self._close(exc)
            self.by_dm = True
            self.log.warning(self.refused + " (%s, code %s): the replies go to the user by DM",
                             self.channel_id, exc.status, exc.code)
            if file_dm is not None:      # this part went by DM already, with its file: its message (None
                return file_dm           # stopped send, and the reply's later parts were dropped)
            return await self._dm(kwargs, body)

    async def _dm(self, kwargs: dict, body: bytes) -> discord.Message | None:
        """One part to the user by DM, naming the channel. Their DMs closed too: closed. Discord's
        trouble (5xx, rate limits past discord.py's retries) drops this part only, the log naming
        it (SENDING_PART): taken for DMs closed, it dropped the rest, the painting too (or cancelled
        it); so did send, which stopped at the part's None."""
        try:
            return await discord_dm.part_by_dm(self.frontend.client, self.user, self.channel_id, kwargs, body)
        except (discord.Forbidden, discord.NotFound) as exc:     # their DMs are closed too
            return self._close(exc, ", nor by DM to the user")
        except discord.HTTPException as exc:
            which, of = SENDING_PART.get() or (1, 1)
            part = f"part {which} of {of} of a reply" if of > 1 else "a reply"     # (not "part 1 of 1")
            self.log.warning("%s by DM for channel %s failed (%s, code %s); that part is dropped", part,
                             self.channel_id, exc.status, exc.code)
        return None

    def _close(self, exc: discord.HTTPException, nor: str = "") -> None:
        """Nothing more goes out; said once in the log. ``nor``: the DM refused too, said so (the
        refusal's code is the DM's then, not the channel's)."""
        self.closed = True
        self.why = f"{exc.status} {exc.text or ''}".strip()
        self.log.warning(self.refused + "%s (%s, code %s): %s", self.channel_id, nor, exc.status, exc.code,
                         discord_dm.undelivered(exc, "the replies are dropped"))
