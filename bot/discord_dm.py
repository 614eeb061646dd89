"""A file the bot may not attach in a server channel (no Attach Files permission: Discord answers
403, 50013, to a follow-up and a channel post alike) goes to its user in a DM instead; so does a
reply only its user needs (an error) once its interaction's token expired (send_dm). A user whose
DMs are closed (403, 50007) is remembered so for DM_CLOSED_S (ClosedDMs): their next replies go
straight to the channel instead of each trying the DM first (one refused call each)."""
from __future__ import annotations

import io
import logging
import time
import weakref
from types import SimpleNamespace

import discord

from .bounded import Newest
from .messages import t

log = logging.getLogger(__name__)

MISSING_PERMISSIONS = 50013      # Discord's code for a file where the bot lacks Attach Files
CANNOT_MESSAGE_USER = 50007      # "Cannot send messages to this user": their DMs are closed to the bot
DM_CLOSED_S = 600.0              # a refused DM is not tried again for this long (they may open them since)
CLOSED_DMS_KEPT = 10_000         # users remembered so, the newest


class ClosedDMs:
    """The users whose DMs refused the bot (50007) in the last DM_CLOSED_S seconds, the newest
    ``limit`` of them: a DM to one of them is not tried (send_dm raises at once)."""

    def __init__(self, clock=time.monotonic, limit: int = CLOSED_DMS_KEPT):
        self.clock, self.limit = clock, limit
        self._since: Newest = Newest(limit)     # user -> when their DMs refused

    def __len__(self) -> int:
        return len(self._since)

    def remember(self, user_id: int) -> None:
        self._since[user_id] = self.clock()

    def forget(self, user_id: int) -> None:
        self._since.pop(user_id, None)

    def is_closed(self, user_id: int) -> bool:
        since = self._since.get(user_id)
        if since is None:
            return False
        if self.clock() - since >= DM_CLOSED_S:
            del self._since[user_id]
            return False
        return True


_closed: "weakref.WeakKeyDictionary[discord.Client, ClosedDMs]" = weakref.WeakKeyDictionary()


def closed_dms(client: discord.Client) -> ClosedDMs:
    """The users whose DMs are known closed to ``client`` (one bot's)."""
    if client not in _closed:
        _closed[client] = ClosedDMs()
    return _closed[client]


def still_closed() -> discord.Forbidden:
    """The refusal a DM to a user remembered in ClosedDMs gets, without asking Discord again."""
    return discord.Forbidden(SimpleNamespace(status=403, reason="Forbidden"),
                             {"code": CANNOT_MESSAGE_USER, "message": "Cannot send messages to this user (remembered)"})


def file_body(kwargs: dict) -> bytes:
    """The bytes of the file of one of discord_files' message parts, read before it is sent (a
    refused send leaves it spent), for a DM instead; b"" for none."""
    file = kwargs.get("file")
    return file.fp.getvalue() if file is not None else b""


async def send_or_dm_file(send, client: discord.Client, user: discord.abc.Snowflake, kwargs: dict, lang: str,
                          channel_id: int | None, body: bytes | None = None):
    """``send(kwargs)``, one post in a channel; where the channel refuses its file (no Attach
    Files), the file goes to ``user`` by DM (file_by_dm) and ``send`` posts the rest, saying so.
    ``body``: the file's bytes, where read before an earlier refused send. Any other refusal is
    the caller's."""
    body = file_body(kwargs) if body is None else body
    try:
        return await send(kwargs)
    except discord.Forbidden as exc:
        if "file" not in kwargs or exc.code != MISSING_PERMISSIONS:
            raise
    rest, dm = await file_to_dm(client, user, kwargs, body, lang, channel_id)
    try:
        return await send(rest)
    except discord.HTTPException as exc:     # (no Send Messages either: 50013 was not about the file alone;
        # or Discord's trouble). The DM that took the file (None: none did): the user has it, whatever
        # became of the note, and the caller's log line says where it went (undelivered)
        exc.file_sent_by_dm = dm
        raise


def undelivered(exc: discord.HTTPException, what: str) -> str:
    """The end of a log line about a post the channel refused: ``what`` was not delivered;
    where the post's file went to the user by DM before the channel refused the rest, that."""
    if getattr(exc, "file_sent_by_dm", None) is not None:
        return "its file went to the user by DM, the rest did not get through"
    return what


async def send_dm(client: discord.Client, user: discord.abc.Snowflake, content: str | None,
                  body: bytes = b"", filename: str | None = None) -> discord.Message:
    """``content`` (and the file ``filename`` of ``body``) to ``user`` in a DM. Raises where the
    user's DMs are closed (403, 50007): at once, without a call, for DM_CLOSED_S after Discord said so
    (ClosedDMs)."""
    closed = closed_dms(client)
    if closed.is_closed(user.id):
        raise still_closed()
    dm = await client.create_dm(user)
    file = {"file": discord.File(io.BytesIO(body), filename=filename)} if filename else {}
    try:
        return await dm.send(content=content, **file)
    except discord.Forbidden as exc:
        if exc.code == CANNOT_MESSAGE_USER:
            closed.remember(user.id)
        raise


def naming_channel(channel_id: int, text: str | None) -> str:
    """A message's text as it goes, or is edited, in a DM instead of the channel it was for: the
    channel named first (<#id>: a link there)."""
    return f"<#{channel_id}> {text or ''}".rstrip()[:2000]


async def part_by_dm(client: discord.Client, user: discord.abc.Snowflake, channel_id: int, kwargs: dict,
                     body: bytes) -> discord.Message:
    """One of discord_bot.message_parts (``body``: its file's bytes, read before a refused send)
    to ``user`` in a DM instead of the channel it was for, naming that channel (<#id>: a link
    there), without its buttons: in a DM they would act on the DM's photos, not the channel's.
    Raises where the user's DMs are closed (403, 50007)."""
    file = kwargs.get("file")
    content = naming_channel(channel_id, kwargs.get("content"))
    return await send_dm(client, user, content, body, file.filename if file is not None else None)


async def file_by_dm(client: discord.Client, user: discord.abc.Snowflake, kwargs: dict, body: bytes,
                     lang: str, channel_id: int | None) -> tuple[dict, bool]:
    """file_to_dm, saying only whether the DM went out."""
    rest, dm = await file_to_dm(client, user, kwargs, body, lang, channel_id)
    return rest, dm is not None


async def file_to_dm(client: discord.Client, user: discord.abc.Snowflake, kwargs: dict, body: bytes,
                     lang: str, channel_id: int | None) -> tuple[dict, discord.Message | None]:
    """Sends the file of ``kwargs`` (one of discord_bot.message_parts; ``body``: the file's bytes,
    read before the refused send) with its text to ``user`` in a DM. What to post in the channel
    instead: the same text and buttons, no file, saying where the file went, or, where the
    user's DMs are closed (50007), what permission is missing; and the DM sent (None: none was)."""
    try:
        dm = await send_dm(client, user, kwargs.get("content"), body, kwargs["file"].filename)
        note = "dc_sent_by_dm"
    except discord.HTTPException as exc:
        log.info("no Attach Files in channel %s and no DM to the user (%s, code %s)", channel_id, exc.status, exc.code)
        dm, note = None, "dc_no_attach"
    content = f"{kwargs.get('content') or ''}\n{t(lang, note)}".strip()[:2000]
    return {**{k: v for k, v in kwargs.items() if k != "file"}, "content": content}, dm
