"""Discord front-end (discord.py): slash commands, a "Stylize" message menu, Views for buttons,
and messages to the bot (a DM, or a server message mentioning it: bot/discord_messages.py).

Every interaction is deferred at once (painting takes longer than Discord's 3 seconds), then the
command layer's replies become follow-ups: the first is the progress line, edited in place,
then the painting as a file with buttons. A reply's handle is its message id: the command layer
journals the progress line's id with the job, and a job resumed after a restart edits that line
to its outcome through the channel (a message of the bot's, editable there without the
interaction's token), as Telegram does. /mydata, /settings and /forgetme answer ephemerally (only
their user sees them). Server admins are members with Manage Server. A button carries its command
in its custom_id; one from an older version (a random custom_id) is answered with a note to send
the command again. An artist option autocompletes Korean as it is typed (bot/hangul.py).
"""
from __future__ import annotations

import asyncio
import datetime
import io
import logging
import re
import sqlite3
from typing import Optional

import aiohttp
import discord
from discord import app_commands

from styles import normalise

from . import discord_dm, discord_files, hangul
from .arguments import PLAIN_ENDINGS, STYLE_ENDINGS, name_stems
from .bounded import Newest
from .discord_messages import MessageFrontend, attachments_of, is_image, is_moving
from .discord_autocomplete_reads import KeptReads, NotKept, listing_version
from .discord_pasted_choices import artist_label_read
from .discord_sending import PartsSender
from .discord_sizes import size_choices, typed_size
from .discord_embeds import EmbedPicture, TooLarge, embed_pictures
from .discord_stop import Handling, HandlersAtStop
from .discord_descriptions import MessagesTranslator, desc, name as command_name
from .chat import ChatUnreachable, SaidLately, reworded
from .commands import PAINTING_REF, QUIET_REFUSALS_S, Button, CommandLayer, Reply, Request
from .images import UploadError
from .logs import redact
from .messages import t
from .preference_commands import MIN_OUTPUT_SIDE
from .settings import Settings

log = logging.getLogger(__name__)


# A button's custom_id is its command: "cmd:/stronger #<job id>". Discord allows 100 characters;
# the command layer's commands are far shorter (a style name has at most 32).
CUSTOM_ID = re.compile(r"cmd:(?P<command>/.+)")
CUSTOM_ID_MAX = 100


class CommandButton(discord.ui.DynamicItem[discord.ui.Button], template=CUSTOM_ID):
    """A button that runs its command as if the user had typed it. The command travels in the
    custom_id, so a press works however old the message and after a restart: discord.py makes a
    CommandButton from any custom_id of this form (the front-end registers it at start-up)."""

    frontend: "DiscordFrontend"          # set by bound_to: discord.py builds the item from the class alone

    def __init__(self, command: str, label: str = "", row: Optional[int] = None):
        super().__init__(discord.ui.Button(label=label[:80], style=discord.ButtonStyle.secondary,
                                           custom_id=f"cmd:{command}"), row=row)
        self.command = command

    @classmethod
    def bound_to(cls, frontend: "DiscordFrontend") -> type["CommandButton"]:
        return type(cls.__name__, (cls,), {"frontend": frontend}, template=CUSTOM_ID)

    @property
    def label(self) -> Optional[str]:
        return self.item.label

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match):
        return cls(match["command"], item.label or "", item.row)

    async def callback(self, interaction: discord.Interaction) -> None:
        await self.frontend.run(interaction, self.command)


class ButtonsView(discord.ui.View):
    """The reply's buttons. No timeout: every button is a CommandButton, answered by the class
    registered at start-up, not by this view."""

    def __init__(self, frontend: "DiscordFrontend", rows: list[list[Button]]):
        super().__init__(timeout=None)
        for i, row in enumerate(rows[:5]):
            for b in row[:5]:
                if len(f"cmd:{b.command}") > CUSTOM_ID_MAX:
                    log.warning("button command too long for a custom_id: %.40s...", b.command)
                    continue
                self.add_item(frontend.button_type(b.command, b.label, row=i))


def edit_view(frontend: "DiscordFrontend", reply: Reply) -> dict:
    """A line's edit's buttons (an engine failure's "Try again"), as the ``view`` keyword of the
    edit; none where the reply has none: the message keeps its components (a progress line has
    none to clear). Not for a line in a DM naming its channel: there they would act on the DM's
    photos (discord_dm.part_by_dm)."""
    return {"view": ButtonsView(frontend, reply.buttons)} if reply.buttons else {}


PREFIX_ROOM = 32                  # "<@USER_ID> " or "<#CHANNEL_ID> ": a snowflake has at most 20 digits


async def message_parts(frontend: "DiscordFrontend", reply: Reply, file_limit: int, lang: str) -> list[dict]:
    """A Reply as the keyword arguments of one or more Discord sends (follow-ups or channel
    messages): a text over 2000 characters in several messages cut at line ends (a server's
    /styles, with its community styles), the file fitted to ``file_limit`` (the channel's upload
    limit: a painting re-encoded smaller, the /mydata zip in parts, off the event loop: re-encoding
    a large painting takes up to seconds), the buttons on the message with the file (the
    painting), else on the last."""
    text, files = reply.text or "", []
    limit_mb = round(file_limit / 1024 / 1024)
    if reply.image:
        fitted = reply.image if len(reply.image) <= file_limit else \
            await asyncio.to_thread(discord_files.fit_image, reply.image, file_limit)
        if fitted is None:
            text += "\n" + t(lang, "dc_painting_too_large", limit=limit_mb)
        else:
            files.append(discord.File(io.BytesIO(fitted), filename="painting.jpg"))
    elif reply.document:
        name, body = reply.document
        if len(body) <= file_limit:
            parts, left_out = [reply.document], []
        elif name.endswith(".zip"):
            parts, left_out = await asyncio.to_thread(discord_files.split_zip, name, body, file_limit)
        else:
            parts, left_out = [], [name]
        if len(parts) > 1:
            text += "\n" + t(lang, "dc_file_parts", count=len(parts), limit=limit_mb)
        if left_out:
            text += "\n" + t(lang, "dc_files_left_out", limit=limit_mb, names=", ".join(left_out))
        files = [discord.File(io.BytesIO(body), filename=name) for name, body in parts]
    # room left in each piece for what a post in the channel or by DM puts before it (mentioning,
    # discord_dm.part_by_dm): cut to 2000 after it, a piece lost its last line's end
    pieces = discord_files.split_text(text.strip("\n"), discord_files.TEXT_LIMIT - PREFIX_ROOM)
    out = [{"content": piece} for piece in pieces] or [{"content": None}]
    if files:
        out[-1]["file"] = files[0]
        out += [{"file": f} for f in files[1:]]          # one file a message, each under the limit
    if reply.buttons:
        next(m for m in out if "file" in m or m is out[-1])["view"] = ButtonsView(frontend, reply.buttons)
    return out


# Discord's codes for an interaction's follow-up webhook that is gone: its token expired (after 15
# minutes: "Invalid Webhook Token"), or the webhook is unknown ("Unknown Webhook", also seen then)
INVALID_WEBHOOK_TOKEN, UNKNOWN_WEBHOOK = 50027, 10015
UNKNOWN_MESSAGE = 10008
UNKNOWN_INTERACTION, ALREADY_ACKNOWLEDGED = 10062, 40060    # an acknowledgement too late; by someone else
WEBHOOK_GONE = {INVALID_WEBHOOK_TOKEN, UNKNOWN_WEBHOOK}
# a follow-up Discord answered 5xx to every try of discord.py's is looked for among the channel's
# messages made since just before its first try (SENT_SLACK: clocks apart), the first this many
SENT_SLACK = datetime.timedelta(seconds=5)
ARRIVED_LOOKED_AT = 100
LINES_KEPT = 2000                # resumed jobs' progress lines whose home is remembered (_edit_line)
LEADING_MENTION = re.compile(r"<@!?(\d+)> ")     # a post's mention of its user (mentioning())
# a stop's whole time (bot/__main__.py's CLOSE_S), its gateway's close the last of it, however little is left
STOP_S, GATEWAY_CLOSE_MIN_S = 10.0, 1.0
# the endings a name takes in Korean, looked for half typed in the artist autocomplete ("'s" comes whole)
KOREAN_ENDINGS = tuple(e for e in STYLE_ENDINGS + PLAIN_ENDINGS if e.isalpha() and not e.isascii())
SAID_PRIVATELY_KEPT = 5000       # lost interactions' refusals remembered (DiscordFrontend.said_lately)
PRIVATE = {"mydata", "settings", "forgetme"}     # answered to their user alone, in a server too
IMAGE_OPTION = {"style", "hq", "mix", "preview"}   # the slash commands that take a photo
# The command layer's replies that speak of captions, replies and /gogh (Telegram's way), said the
# Discord way. The front-end sees texts, not keys, so it knows them by their text in either language
# (a text with {fields}, like /help's artists, by its template: the fields go on to the Discord text).
# Here "text_hint" comes only from Stylize on a message with no image: every other interaction sends
# a command; so do "pick_artist_hint" and the after_painting hints, its forms just after the artist
# buttons or a painting ("tap an artist under your photo", "reply to the painting": Stylize on a
# message without one, the picker or the painting of another photo above).
DISCORD_WORDING = {"no_photo": "dc_no_photo", "no_photo_for": "dc_no_photo", "text_hint": "dc_stylize_no_image",
                   "pick_artist_hint": "dc_stylize_no_image", "after_painting_hint": "dc_stylize_no_image",
                   "after_painting_hint_group": "dc_stylize_no_image",
                   "after_painting_hint_group_reply": "dc_stylize_no_image",
                   "start": "dc_start", "help": "dc_help", "style_usage": "dc_style_usage",
                   "addstyle_usage": "dc_addstyle_usage", "no_style_no_photo": "dc_no_style_no_photo",
                   "setstyle_done": "dc_setstyle_done"}


def mentioning(kwargs: dict, user_id: str | None) -> dict:
    """A channel post's keyword arguments (one of message_parts) mentioning ``user_id``
    ("dc:<id>") before its text, allowed to notify that user and nobody else; as they were
    without a user."""
    if not user_id or not user_id.removeprefix("dc:").isdecimal():
        return kwargs
    user = int(user_id.removeprefix("dc:"))
    return {**kwargs, "content": f"<@{user}> {kwargs.get('content') or ''}".rstrip()[:2000],
            "allowed_mentions": discord.AllowedMentions(everyone=False, roles=False, users=[discord.Object(user)])}


def painting_ref(message: discord.Message) -> str | None:
    """The job id the buttons under one of the bot's paintings carry ("cmd:/stronger #<id>")."""
    for row in message.components:
        for item in getattr(row, "children", [row]):
            found = PAINTING_REF.search(getattr(item, "custom_id", None) or "")
            if found:
                return found.group(1)
    return None


def command_of(text: str) -> str:
    """"style" for "/style gogh"; "" for no command (the Stylize menu)."""
    return text[1:].split(maxsplit=1)[0].lower() if text.startswith("/") and len(text) > 1 else ""


def discord_wording(reply: Reply, command: str) -> Reply:
    """"Send a photo with the caption /style gogh" becomes "attach a photo to /style (its image option)"."""
    return reworded(reply, DISCORD_WORDING, command=command if command in IMAGE_OPTION else "style")


class DiscordResponder(PartsSender):
    """The follow-ups of one interaction, ephemeral when private. A reply's handle is its message
    id (an int: the command layer journals a job's progress line by it). The interaction's token
    lasts 15 minutes: after that a longer painting's progress line is edited through the channel
    instead (a follow-up is a message of the bot's there; no token needed), and what it sends goes
    to the channel, mentioning the user (as deliver() does for resumed jobs); a line the channel
    will not edit is posted anew. A private command (/mydata) never leaves the interaction; a
    private reply (an error) goes to its user by DM then, in the channel only where DMs are closed.
    (discord_sending: the send loop and the channel's fallbacks, shared with a message's responder.)"""

    log = log

    # each interaction is answered, its refusals (ephemeral) too: the layer's "said once a burst"
    # left the interaction with nothing, its "thinking…" line deleted and the command unanswered
    answers_each = True

    def __init__(self, frontend: "DiscordFrontend", interaction: discord.Interaction, command: str = ""):
        super().__init__()
        self.frontend, self.interaction, self.command = frontend, interaction, command
        self.private = command in PRIVATE
        self.expired = False
        self.thinking = True             # the deferred "thinking" placeholder, which the first follow-up replaces
        self.file_limit = interaction.filesize_limit
        self.user, self.channel_id = interaction.user, interaction.channel_id
        self.in_dm = interaction.guild_id is None         # a DM itself: no DM to fall back on
        self.moved: dict[int, discord.Message] = {}      # handle -> the channel message now edited instead
        self.mentioning: set[int] = set()   # the ids of messages posted in the channel mentioning the user
        # why a reply left the interaction for the channel, for the log: the token's expiry, or a
        # follow-up discord.py gave up on (_given_up), which was logged as "interaction expired" too
        self.left_because = "interaction expired"

    @property
    def refused(self) -> str:
        """PartsSender's log lines' start ("%s": the channel), saying why the reply was posted there."""
        return f"{self.left_because} and cannot post in channel %s either"

    @property
    def lang(self) -> str:
        return self.frontend.lang_of(self.interaction)

    def worded(self, reply: Reply) -> Reply:
        return discord_wording(reply, self.command)

    async def _send_part(self, kwargs: dict, reply: Reply) -> discord.Message | None:
        return await self._send_one(kwargs, reply.private)

    def unreachable(self) -> bool:
        # the channel and the user's DMs closed to a follow-up discord.py gave up on (429, 5xx past
        # its retries): that reply is lost, but the interaction still answers until it is lost
        # too; taken for the chat gone (ChatUnreachable), its painting was cancelled
        return self.closed and self.expired

    async def _send_one(self, kwargs: dict, private: bool = False) -> discord.Message | None:
        """``private``: a reply only its user needs (an error), ephemeral in a public interaction
        too. Discord makes the first follow-up the deferred "thinking" message, ephemeral or not
        as the defer was, whatever the follow-up asks: that placeholder is deleted first, so the
        reply is a message of its own. Once the token expired it goes to the channel as any reply,
        except a private one in a server: to the user by DM (_to_dm), unless their DMs are closed."""
        body = discord_dm.file_body(kwargs)
        if not self.expired:
            # (a first follow-up becomes the deferred "thinking…" message, made with the interaction)
            since = discord.utils.time_snowflake((self.interaction.created_at if self.thinking
                                                  else discord.utils.utcnow()) - SENT_SLACK)
            try:
                if private and not self.private and self.thinking:
                    await self._delete_placeholder()
                message = await self.interaction.followup.send(wait=True, ephemeral=self.private or private,
                                                               **kwargs)
                self.thinking = False
                return message
            except discord.HTTPException as exc:
                if "file" in kwargs and exc.code == discord_dm.MISSING_PERMISSIONS:
                    return await self._send_one(await self._file_by_dm(kwargs, body), private)
                if exc.code == UNKNOWN_MESSAGE and not self.private:
                    # the public "thinking…" message was deleted (a moderator): Discord refuses
                    # every follow-up since, and the painting was lost: the channel's way, as expired
                    log.info("interaction's message deleted in channel %s: its replies go to the channel",
                             self.interaction.channel_id)
                    self.expired, self.left_because = True, "interaction's message deleted"
                elif not self._given_up(exc):
                    self._check_expired(exc)
                elif exc.status >= 500 and not private:
                    arrived = await self._arrived(kwargs, body, since)
                    if arrived is not None:
                        self.thinking = False
                        return arrived
            if "file" in kwargs:         # spent by the refused tries: a fresh one of its bytes
                kwargs = {**kwargs, "file": discord.File(io.BytesIO(body), filename=kwargs["file"].filename)}
        # A private reply (an error, "already painting", "busy") of a lost interaction: no ephemeral
        # without its token, so by DM; where the user's DMs are closed, in the channel mentioning them
        # (_post), as a mention's replies are: such texts are short and say nothing private
        # (what went wrong, how long to wait), and dropped, the command would go unanswered.
        if private and self.frontend.said_lately(self.interaction, kwargs):
            return None                  # the same refusal, by DM or mention, a moment ago: a burst's
        if private and self.interaction.guild_id is not None:
            sent = await self._to_dm(kwargs, body)
            if sent is not None:
                return sent
        return await self._post(kwargs, body)

    async def _to_dm(self, kwargs: dict, body: bytes) -> discord.Message | None:
        """A reply only its user needs, in a DM (discord_dm.part_by_dm). None where the user's
        DMs are closed (50007)."""
        try:
            return await discord_dm.part_by_dm(self.frontend.client, self.interaction.user,
                                               self.interaction.channel_id, kwargs, body)
        except discord.HTTPException as exc:
            log.info("no DM to the user for a private reply of an expired interaction (%s, code %s): "
                     "said in channel %s", exc.status, exc.code, self.interaction.channel_id)
            return None

    async def _delete_placeholder(self) -> None:
        try:
            await self.interaction.delete_original_response()
        except discord.HTTPException as exc:      # (an expired token: the follow-up finds it out)
            log.debug("could not delete the thinking message (%s, code %s)", exc.status, exc.code)
        self.thinking = False

    async def _file_by_dm(self, kwargs: dict, body: bytes) -> dict:
        """A server channel where the bot may not attach files (no Attach Files permission: 403,
        50013, for a follow-up and a channel post alike): the file goes to the user in a DM, and
        the reply here (the returned kwargs) says so, keeping its buttons (they repaint the photo
        of this channel); where the user's DMs are closed, the reply says what is missing."""
        rest, by_dm = await discord_dm.file_by_dm(self.frontend.client, self.interaction.user, kwargs, body,
                                                  self.lang, self.interaction.channel_id)
        self.files_by_dm += by_dm        # delivered, whatever becomes of the note here (PartsSender.send)
        return rest

    async def edit(self, handle: int | None, reply: Reply) -> None:
        if handle is None:               # a line the channel refused: nothing to edit
            return
        sent = self.messages.get(handle)
        # a line posted in the channel (the interaction lost) keeps the mention of its user it was posted with
        text = self._mention(reply.text) if sent is not None and sent.id in self.mentioning else reply.text[:2000]
        if handle in self.moved:
            moved = self.moved[handle]
            if moved.channel.id != self.interaction.channel_id:     # sent by DM: it names the channel
                return await moved.edit(content=discord_dm.naming_channel(self.interaction.channel_id, reply.text))
            return await moved.edit(content=self._mention(reply.text), **edit_view(self.frontend, reply))
        if not self.expired:
            try:
                return await self.messages[handle].edit(content=text, **edit_view(self.frontend, reply))
            except discord.NotFound as exc:
                if exc.code == UNKNOWN_MESSAGE:  # deleted (a moderator, a clean-up bot): a new line
                    return await self._new_line(handle, reply)
                self._check_expired(exc)
            except discord.HTTPException as exc:
                self._check_expired(exc)
        if self.closed:
            return
        if sent is not None and getattr(sent.channel, "id", None) != self.interaction.channel_id:
            try:                         # a line that went by DM (the channel refused it): edited there
                return await sent.edit(content=discord_dm.naming_channel(self.interaction.channel_id, reply.text))
            except discord.HTTPException as exc:
                log.debug("progress line %s not editable in its DM (%s, code %s)", handle, exc.status, exc.code)
        try:                             # the webhook is gone, the message is not: the bot's own, in the channel
            channel = self.frontend.client.get_partial_messageable(self.interaction.channel_id)
            return await channel.get_partial_message(handle).edit(content=text, **edit_view(self.frontend, reply))
        except discord.HTTPException as exc:      # deleted (10008), not the bot's channel (403): a new line
            log.debug("progress line %s not editable in channel %s (%s, code %s)", handle,
                      self.interaction.channel_id, exc.status, exc.code)
        moved = await self._post({"content": reply.text[:2000], **edit_view(self.frontend, reply)})
        if moved is not None:
            self.moved[handle] = moved

    async def _new_line(self, handle: int, reply: Reply) -> None:
        """The line ``handle`` was deleted while its job went on: its outcome ("❌ something went
        wrong", the only word of a failed painting) was edited into nothing, and the user saw no
        reply at all. It is sent anew (a follow-up while the token lasts), and later edits go to
        that message."""
        log.debug("progress line %s deleted in channel %s: sent anew", handle, self.interaction.channel_id)
        message = await self._send_one({"content": reply.text[:2000], **edit_view(self.frontend, reply)})
        if message is not None:
            self.messages[handle] = message

    def _given_up(self, exc: discord.HTTPException) -> bool:
        """A follow-up discord.py gave up on after its retries, rate limited (429) or Discord's
        trouble (5xx) all along: the painting was lost after "✅ done", and the user told
        "something went wrong while painting"; this one message goes the channel's way instead
        (another rate limit), as once the token expired. Not for a private command (/mydata).
        A 5xx does not say the follow-up was refused (Discord may have taken it, and discord.py
        sent it again itself at each try): a public one is first looked for in the channel
        (_arrived) and posted only when it is not there or the bot cannot read the channel; an
        ephemeral one cannot be looked for: a copy too many beats a reply lost."""
        if self.private or not (exc.status == 429 or exc.status >= 500):
            return False
        log.warning("follow-up in channel %s refused after retries (%s, code %s): posted in the channel "
                    "unless it is there", self.interaction.channel_id, exc.status, exc.code)
        self.left_because = ("follow-up rate limited (429)" if exc.status == 429
                             else f"follow-up failed with Discord error {exc.status}")
        return True

    async def _arrived(self, kwargs: dict, body: bytes, since: int) -> discord.Message | None:
        """The public follow-up ``kwargs`` that discord.py gave up on at Discord's 5xx, found in
        the channel's history (the bot's message newer than ``since``, a snowflake taken before
        the first try, with the same text and the same file: name and size), as Discord made it
        at one of the tries; None where none is there, or the history cannot be read (no Read
        Message History, Discord's trouble again): it is posted then. One history call."""
        content = kwargs.get("content") or ""
        file = kwargs.get("file")
        me = {self.frontend.client.user.id if self.frontend.client.user else None, self.frontend.client.application_id}
        channel = self.frontend.client.get_partial_messageable(self.interaction.channel_id)
        try:
            async for message in channel.history(limit=ARRIVED_LOOKED_AT, after=discord.Object(id=since)):
                if (message.author.id not in me and message.webhook_id not in me) or message.content.strip() != content.strip():
                    continue
                if file is None and not message.attachments or file is not None and [
                        (a.filename, a.size) for a in message.attachments] == [(file.filename, len(body))]:
                    log.warning("follow-up in channel %s: Discord answered 5xx to every try but made it: "
                                "not posted again", self.interaction.channel_id)
                    return message
        except (discord.HTTPException, aiohttp.ClientError, asyncio.TimeoutError) as exc:
            log.info("could not look in channel %s for a follow-up answered 5xx (%s): posted there",
                     self.interaction.channel_id, exc)
        return None

    def _check_expired(self, exc: discord.HTTPException) -> None:
        if exc.code not in WEBHOOK_GONE or self.private:
            raise exc
        self.expired, self.left_because = True, "interaction expired"

    def _mention(self, text: str) -> str:
        return f"{self.interaction.user.mention} {text}"[:2000]

    async def _in_channel(self, kwargs: dict) -> discord.Message:
        """A reply posted in the channel, mentioning the user: the interaction is lost (its token
        expired, its acknowledgement late, its message deleted), as deliver() posts a resumed
        job's. Where the bot may not post there (403: no Send Messages, no access to a private
        channel the command was used in) the rest goes to the user by DM, naming the channel;
        where that fails too, or the channel is gone (404), the rest is dropped and a reply of
        which nothing went out raises ChatUnreachable (PartsSender._post)."""
        channel = self.frontend.client.get_partial_messageable(self.interaction.channel_id)
        message = await channel.send(**mentioning(kwargs, f"dc:{self.interaction.user.id}"))
        self.mentioning.add(message.id)
        return message


class ResumedPosts(PartsSender):
    """The replies of a job delivered after a restart (DiscordFrontend.deliver), posted in its
    channel mentioning its user ``user_id`` ("dc:<id>"), as a live job's are once its interaction
    is lost; with discord_sending's fallbacks: a file the channel refuses goes to that user by
    DM, and where the channel refuses the bot's posts (it lost Send Messages while the job
    waited) the rest does, naming the channel; one gone (404), or with their DMs closed too, is
    one log line. A job of no user to DM (an id that is no Discord user's) has its posts alone."""

    refused = "cannot post in channel %s"         # (PartsSender's log lines)
    log = log

    def __init__(self, frontend: "DiscordFrontend", channel, channel_id: int, user_id: str | None, lang: str,
                 file_limit: int):
        super().__init__()
        self.frontend, self.channel, self.user_id, self.lang, self.file_limit = \
            frontend, channel, user_id, lang, file_limit
        user = (user_id or "").removeprefix("dc:")
        self.user = discord.Object(int(user)) if user.isdecimal() else None
        self.channel_id = channel_id
        self.in_dm = getattr(channel, "type", None) is discord.ChannelType.private   # a DM itself

    def worded(self, reply: Reply) -> Reply:
        return reply                  # (the layer's words of a finished job: no command to reword)

    async def _send_part(self, kwargs: dict, reply: Reply) -> discord.Message | None:
        return await self._post(kwargs)

    async def _in_channel(self, kwargs: dict) -> discord.Message:
        return await self.channel.send(**mentioning(kwargs, self.user_id))

    async def _post(self, kwargs: dict, body: bytes | None = None) -> discord.Message | None:
        if self.user is None:         # nobody to send a refused file to: the channel's answer, as it is
            try:
                return await self._in_channel(kwargs)
            except (discord.Forbidden, discord.NotFound) as exc:
                return self._close(exc)
        return await super()._post(kwargs, body)


class StaleAutocomplete(logging.Filter):
    """discord.py logs, with a traceback at ERROR, every autocomplete answer Discord no longer
    takes: typing on makes the last one stale (404, 10062 Unknown interaction), the more so for
    someone who types fast. That one is a debug line; any other failure stays as it is."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if (isinstance(exc, discord.HTTPException) and exc.code == UNKNOWN_INTERACTION
                and str(record.msg).startswith("Ignoring exception in autocomplete")):
            log.debug("an autocomplete answered too late (typed on): %s", exc.code)
            return False
        return True


STALE_AUTOCOMPLETE = StaleAutocomplete()


class DiscordFrontend:
    def __init__(self, layer: CommandLayer, settings: Settings, client: discord.Client | None = None):
        self.layer, self.settings = layer, settings
        self.token = settings.DISCORD_TOKEN.get_secret_value() if settings.DISCORD_TOKEN else ""
        redact(self.token)
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False   # no voice: no warnings
        # the default intents: no privileged one. DMs and messages that mention the bot come with
        # their content and attachments without message_content (every other server message empty)
        # no mention notifies anyone unless its message allows it (a reply to its user, a post
        # mentioning its user): a text that echoes the user's ("/style @everyone") pings nobody
        self.client = client or discord.Client(intents=discord.Intents.default(),
                                               allowed_mentions=discord.AllowedMentions.none())
        self.tree = app_commands.CommandTree(self.client)
        logging.getLogger("discord.app_commands.tree").addFilter(STALE_AUTOCOMPLETE)   # (once: the same filter)
        self.client.setup_hook = self._setup_hook
        self.client.on_interaction = self._on_interaction     # discord.py calls a client's on_<event>
        self.inbox = MessageFrontend(self)                 # DMs and mentions
        self.client.on_message = self.inbox.on_message
        self.client.on_raw_message_edit = self.inbox.on_message_edit    # (on_message_edit: cached messages only)
        # the class every view sends: sending one registers its class for the template, so it is this one
        self.button_type = CommandButton.bound_to(self)
        self._task: asyncio.Task | None = None
        # (user, channel, text) of a lost interaction's private reply said by DM or mention
        self._said_privately = SaidLately(QUIET_REFUSALS_S, SAID_PRIVATELY_KEPT, clock=lambda: self.layer.clock())
        layer.forget_hooks.append(self.forget)      # /forgetme: said again after it, as the layer's refusals
        # (channel id, line) -> where a resumed job's progress line lives: "dm", or in the channel
        # with the mention of "dc:<id>" it was posted with, or "" (none)
        self._lines: Newest = Newest(LINES_KEPT)
        # the requests under way, for a stop to wait for, cut off and tell (bot/discord_stop.py)
        self.handlers = HandlersAtStop(self)
        # the autocompletes' store reads, kept until what they show changes (a few seconds at most)
        self.autocomplete_reads = KeptReads(listing_version(layer.store))
        self._register()

    def said_lately(self, interaction: discord.Interaction, kwargs: dict) -> bool:
        """Whether a private reply (a refusal) of a lost interaction, which goes by DM or mentions
        its user in the channel, was said to that user from that channel within QUIET_REFUSALS_S;
        else it is remembered as said now. A burst of taps acknowledged too late, each refused
        "you already have 2 paintings in progress", was a DM each: said once a burst, as the
        command layer says a limit (its quiet slots), here by the text said. A message with a
        file is always sent."""
        if "file" in kwargs:
            return False
        key = (interaction.user.id, interaction.channel_id, kwargs.get("content") or "")
        return not self._said_privately.first(key)

    def forget(self, user_id: str) -> None:
        """/forgetme ("dc:<id>"): the private refusals said to them lately are forgotten, as the
        command layer clears its quiet slots (the next one is said, not swallowed)."""
        user = user_id.removeprefix("dc:")
        self._said_privately.forget(lambda key: str(key[0]) == user)

    # -- lifecycle ---------------------------------------------------------------------------
    async def _setup_hook(self) -> None:
        self.client.add_dynamic_items(self.button_type)     # buttons of earlier runs work too
        await self.tree.set_translator(MessagesTranslator())  # the descriptions' Korean, sent by sync
        if not self.settings.DISCORD_SYNC_COMMANDS:
            return
        if self.settings.DISCORD_GUILD_ID:
            guild = discord.Object(self.settings.DISCORD_GUILD_ID)
            self.tree.copy_global_to(guild=guild)
            await self.tree.sync(guild=guild)
        else:
            await self.tree.sync()

    async def start(self) -> None:
        self.handlers.closing = False   # (a start again after a stop handles its requests again)
        await self.client.login(self.token)
        self._task = asyncio.create_task(self.client.connect(reconnect=True))

    def reopen(self) -> None:
        """Startable again after a failed start() and its stop(): discord.py's Client, once closed,
        stays closed (connect() returns at once), its HTTP connector is closed with its session,
        and close() sets its loop to MISSING, which a later login() leaves so on a client started
        before (every event dispatched then failed: nothing sent to the bot was answered). Cleared,
        a new connector made at the next login, and the loop given back, as on a new client."""
        from discord.utils import MISSING

        self.client.clear()
        self.client.http.connector = MISSING
        self.client.loop = asyncio.get_running_loop()

    async def stop(self) -> None:
        """The requests under way waited for, the rest cut off and their users told (HandlersAtStop,
        before the client closes: telling needs its HTTP session), then the client closed, all within
        STOP_S: bot/__main__.py gives each front-end CLOSE_S to close. The client is closed whatever
        went wrong before."""
        loop = asyncio.get_running_loop()
        until = loop.time() + STOP_S
        try:
            await self.handlers.stop()
        except Exception:       # (a bug there left the gateway and the HTTP session open)
            log.exception("stopping: the Discord requests under way could not be cut off; the client closes anyway")
        finally:
            # the gateway's close the last of STOP_S, however little is left
            await self._close_client(max(until, loop.time() + GATEWAY_CLOSE_MIN_S))

    async def _close_client(self, until: float) -> None:
        """The client closed and its gateway task ended by ``until`` (the loop's time): a gateway
        that never answers the close held client.close() for aiohttp's 30 s (discord.py's ws_close);
        then the HTTP session is closed without it, the gateway's socket with it."""
        loop = asyncio.get_running_loop()
        try:
            await asyncio.wait_for(self.client.close(), max(0.0, until - loop.time()))
        except Exception as exc:        # (asyncio.TimeoutError too)
            log.warning("stopping: Discord's client did not close in time (%s); its connections are dropped",
                        type(exc).__name__)
            try:
                await self.client.http.close()
            except Exception as again:
                log.warning("stopping: Discord's HTTP session did not close (%s)", type(again).__name__)
        if self.handlers.turned_away:       # (came as the client closed: no way left to tell them)
            log.warning("stopping: %d Discord request(s) came as the client closed: not answered",
                        len(self.handlers.turned_away))
            self.handlers.turned_away = []
        if self._task:
            try:
                await asyncio.wait_for(self._task, max(0.0, until - loop.time()))
            except (asyncio.TimeoutError, asyncio.CancelledError, Exception):
                pass

    async def deliver(self, chat_id: str, replies: list[Reply], line: int | str | None = None,
                      user_id: str | None = None, origin: dict | None = None) -> None:
        """Send replies to a channel outside any interaction (a job's result after a restart).
        ``line``: the message id of the job's progress line from before the restart, which the first
        reply (its outcome) replaces, instead of a new line under one stuck at "painting… 40%". The
        interaction that sent it is gone (its token lasts 15 minutes), but the line is the bot's own
        message in that channel (or DM), which the bot may edit there at any time. A line deleted
        since (10008 Unknown Message), or that the channel will not let the bot edit (403): the
        outcome is a new line, said in one log line. ``user_id`` ("dc:<id>"): whom the job is for;
        what is posted mentions them, and only them, as a live job's replies do once its
        interaction has expired (the painting notified nobody). ``origin``: the request's
        (Request.origin), its user's client language then ("locale"): the front-end's own notes
        ("sent to you by DM") are in it, as the layer's replies are, unless /lang says otherwise
        (without it a Korean client's painting came with English notes)."""
        channel_id = int(chat_id.removeprefix("dc:"))
        try:
            line = int(line) if line is not None else None
        except (TypeError, ValueError):             # not a Discord message id: a new line
            line = None
        try:
            try:
                channel = self.client.get_channel(channel_id) or await self.client.fetch_channel(channel_id)
            except discord.Forbidden:            # a channel the bot cannot see: its posts go by DM (below)
                if not (user_id or "").removeprefix("dc:").isdecimal():
                    raise
                channel = self.client.get_partial_messageable(channel_id)
            not_edited = None
            if line is not None and replies and not replies[0].image:
                try:
                    await self._edit_line(channel, channel_id, line, replies[0], user_id)
                    replies = replies[1:]
                except discord.HTTPException as exc:
                    not_edited = exc
            limit = getattr(getattr(channel, "guild", None), "filesize_limit", discord.utils.DEFAULT_FILE_SIZE_LIMIT_BYTES)
            locale = (origin or {}).get("locale")
            lang = self.layer.lang_of(Request("dc", user_id or "", chat_id,
                                              locale=locale if isinstance(locale, str) else None))
            out = ResumedPosts(self, channel, channel_id, user_id, lang, limit)
            for reply in replies:
                try:
                    await out.send(reply)
                except ChatUnreachable:      # the channel gone, or refusing the bot with no DM instead:
                    return                   # said by ResumedPosts, in one line
            if not_edited is not None and not out.by_dm:     # (said after the posts: if they fail too, that is the line)
                log.info("could not edit the progress line of a resumed job in channel %s (%s, code %s); "
                         "sent a new one", channel_id, not_edited.status, not_edited.code)
        except (discord.Forbidden, discord.NotFound) as exc:    # no permission (any more), or gone: one line
            log.warning("cannot post in channel %s (%s, code %s): %s", channel_id, exc.status, exc.code,
                        discord_dm.undelivered(exc, "result not delivered"))

    async def _edit_line(self, channel, channel_id: int, line: int, reply: Reply, user_id: str | None) -> None:
        """A resumed job's progress line (the bot's message ``line``) edited to ``reply`` (its
        text, and its buttons where it has them: a failure's "Try again") where it
        lives, as it was posted: in the channel, keeping the mention of its user that a line posted
        there once its interaction was lost has (_line_mention: before the restart every edit kept
        it, after it the mention was lost); else in its user's DM, naming the channel, where it went
        while the channel refused the bot's posts. The channel answers 403 while it refuses the bot,
        404 (10008 Unknown Message: not there) once it takes its posts again; a line deleted since
        is 404 in the DM too. Where it lives is remembered, so the next edit goes there at once.
        Raises the channel's refusal where neither has it."""
        where, text = (channel_id, line), reply.text
        home = self._lines.get(where)
        if home == "dm":
            if await self._edit_dm_line(user_id, channel_id, line, text):
                return
            home = None
        if home is None:
            home = await self._line_mention(channel, line, user_id)
        kwargs = {"content": text[:2000], **edit_view(self, reply)}
        kwargs = mentioning(kwargs, home) if home else kwargs
        try:
            await channel.get_partial_message(line).edit(**kwargs)
            self._lines[where] = home
        except discord.HTTPException as exc:
            if exc.status not in (403, 404) or not await self._edit_dm_line(user_id, channel_id, line, text):
                raise
            self._lines[where] = "dm"

    async def _line_mention(self, channel, line: int, user_id: str | None = None) -> str:
        """Whom a progress line from before the restart mentions ("dc:<id>", put first by
        mentioning()), read from the line itself once; "" for none, or where it is not there (not
        in the channel: by DM). Where the bot may not read it (403: no Read Message History),
        the job's user ``user_id`` (the journal's): the line lost its mention at its first edit,
        though the bot knew whose it was. (A line that had none, a follow-up, then gets theirs:
        the bot cannot tell them apart, and what it posts for a resumed job mentions them too.)"""
        try:
            message = await channel.fetch_message(line)
        except discord.HTTPException as exc:
            log.debug("progress line %s not readable in channel %s (%s, code %s)", line, getattr(channel, "id", "?"),
                      exc.status, exc.code)
            return user_id if exc.status == 403 and (user_id or "").removeprefix("dc:").isdecimal() else ""
        found = LEADING_MENTION.match(message.content or "")
        return f"dc:{found[1]}" if found else ""

    async def _owner_of(self, chat_id: str, line: int) -> str | None:
        """Whose resumed job's progress line ``line`` is ("dc:<id>"), from the queue's jobs
        recovered at start (edit_line is told the chat and the line only)."""
        recovered = getattr(self.layer.queue, "recovered", None)
        if recovered is None:
            return None
        try:
            jobs = await recovered()
        except Exception as exc:
            log.debug("no recovered jobs to find line %s's user in (%s)", line, type(exc).__name__)
            return None
        return next((job.user_id for job in jobs if job.chat_id == chat_id
                     and str((job.meta or {}).get("progress_line")) == str(line)), None)

    async def _edit_dm_line(self, user_id: str | None, channel_id: int, line: int, text: str) -> bool:
        """A progress line that went to its user by DM (the channel refused the bot's posts), edited
        there, naming the channel; False where it is not there (a new line is sent then)."""
        user = (user_id or "").removeprefix("dc:")
        if not user.isdecimal():
            return False
        try:
            dm = await self.client.create_dm(discord.Object(int(user)))
            await dm.get_partial_message(line).edit(content=discord_dm.naming_channel(channel_id, text))
        except discord.HTTPException:
            return False
        return True

    async def edit_line(self, chat_id: str, line: int | str, reply: Reply) -> None:
        """The progress line of a job from before a restart (the bot's own message in the job's
        channel, as for deliver), edited to where the job stands now, where it lives and as it was
        posted (_edit_line): with its user's mention, or in their DM."""
        channel_id, line = int(chat_id.removeprefix("dc:")), int(line)
        user_id = None
        if self._lines.get((channel_id, line)) in (None, "dm"):     # not known to be in the channel: by DM?
            user_id = await self._owner_of(chat_id, line)
        await self._edit_line(self.client.get_partial_messageable(channel_id), channel_id, line, reply, user_id)

    # -- interactions -> requests ------------------------------------------------------------
    def lang_of(self, interaction: discord.Interaction, guessed=None):
        """The interaction's user's language, for what the front-end itself says; where the store
        fails, their client's (it was the bot's default: English notes to a Korean client), as
        ``guessed`` makes it (the autocompletes' NotKept: a guess is not kept)."""
        req = Request("dc", f"dc:{interaction.user.id}", f"dc:{interaction.channel_id}", locale=str(interaction.locale))
        try:
            return self.layer.lang_of(req)
        except Exception:
            try:
                lang = self.layer.lang_without_store(req)
            except Exception:
                lang = self.settings.DEFAULT_LANG
            return lang if guessed is None else guessed(lang)

    async def _on_interaction(self, interaction: discord.Interaction) -> None:
        """Every interaction, after discord.py handed it on. A button whose custom_id is no command
        (those of older versions were random) has no handler: Discord would show "This interaction
        failed". It gets a short reply, to its user alone, to send the command again."""
        if interaction.type is not discord.InteractionType.component:
            return
        custom_id = (interaction.data or {}).get("custom_id", "")
        if CUSTOM_ID.fullmatch(custom_id):               # a CommandButton: answered by its class
            return
        lang = self.lang_of(interaction)
        try:
            if not interaction.response.is_done():
                await interaction.response.send_message(t(lang, "dc_old_button"), ephemeral=True)
        except discord.HTTPException as exc:
            log.info("could not answer an old button: %s %s", exc.status, exc.code)

    async def run(self, interaction: discord.Interaction, text: str, attachments: list[discord.Attachment] = (),
                  painting: str | None = None, sender: str | None = None) -> None:
        """``painting``: the job id of one of the bot's paintings the command is about (Stylize on
        it); ``sender``: whose ``attachments`` are, when another's (Stylize on their message)."""
        out = DiscordResponder(self, interaction, command_of(text))
        self.inbox.locales.remember(f"dc:{interaction.user.id}", interaction.locale)   # (a message has none)
        if self.handlers.turns_away(Handling(None, out=out)):    # (the bot is stopping: told so)
            return
        # numbered before its photos download (a big one takes seconds), as a message is: a /cancel
        # sent meanwhile comes after it (it came first, said "nothing to cancel", and it painted)
        # (with its channel and text, as _handle's Request: a painting elsewhere need not wait for it)
        seq = self.layer.arrive(f"dc:{interaction.user.id}", f"dc:{interaction.channel_id}", text)
        self.handlers.track(Handling(seq, out=out, photos=len(attachments)))   # (Stylize on another's: theirs)
        try:
            if not await self._defer(interaction, out):
                return
            await self._handle(interaction, out, text, attachments, painting, sender, seq)
        finally:
            self.layer.left(seq)

    async def _handle(self, interaction: discord.Interaction, out: "DiscordResponder", text: str,
                      attachments, painting: str | None, sender: str | None, seq: int) -> None:
        guild_id = interaction.guild_id

        async def is_admin() -> bool:
            perms = interaction.permissions
            return bool(perms and (perms.manage_guild or perms.administrator))

        req = Request(platform="dc", user_id=f"dc:{interaction.user.id}", chat_id=f"dc:{interaction.channel_id}",
                      user_name=interaction.user.display_name,
                      text=text, locale=str(interaction.locale),
                      community_id=f"dc:g{guild_id}" if guild_id else None, is_admin=is_admin, mentioned=True,
                      private_reply=out.private, reply_ref=painting, reply_from_bot=painting is not None,
                      images_from=sender, origin={"locale": str(interaction.locale)})
        req.seq = seq
        # a painting the user's limits refuse anyway (a flood): its files unread, the layer says why
        files = sum(1 for a in attachments if a is not None and not is_moving(a))
        if not (files and await self.layer.skips_download(req, files)):
            req.images, req.upload_errors = await self._read(attachments)
        await self.layer.handle(req, out)
        if not out.sent:
            try:
                await interaction.delete_original_response()
            except discord.HTTPException:
                pass

    async def _defer(self, interaction: discord.Interaction, out: DiscordResponder) -> bool:
        """Acknowledges the interaction ("thinking…"); whether to go on with it. Discord takes the
        acknowledgement within 3 seconds of the command only (a gateway's delay, a busy loop): a
        later one is 404, 10062 Unknown Interaction, and the request was dropped with a traceback,
        the user seeing "The application did not respond". A painting goes on, its replies posted
        in the channel mentioning the user, as once a token expired (an error to them by DM); a
        private command (/mydata) must not leave the interaction: one log line. 40060: another
        instance of the bot (a redeploy's overlap) acknowledged it, and answers it."""
        try:
            await interaction.response.defer(ephemeral=out.private, thinking=True)
            return True
        except discord.HTTPException as exc:
            if exc.code not in (UNKNOWN_INTERACTION, ALREADY_ACKNOWLEDGED):
                raise
            late = exc.code == UNKNOWN_INTERACTION and not out.private
            log.warning("interaction in channel %s not acknowledged (%s, code %s): %s", interaction.channel_id,
                        exc.status, exc.code, "its replies go to the channel" if late else "not answered here")
            out.expired, out.thinking = True, False
            out.left_because = "interaction not acknowledged in time"
            return late

    async def _read(self, attachments) -> tuple[list[bytes], list[UploadError]]:
        images, errors = [], []
        limit = self.settings.MAX_UPLOAD_MB * 1024 * 1024
        for a in attachments:
            if a is None:
                continue
            if is_moving(a):          # not downloaded (up to MAX_UPLOAD_MB for "not an image"): said as Telegram does,
                # but for GIFs: Telegram's are mp4 animations, refused; here a GIF is a file, painted from
                # its first frame as the engine and the web chat paint it (the text said it could not be)
                errors.append(UploadError("dc_not_a_still_picture"))
                continue
            if a.size and a.size > limit:
                errors.append(UploadError("file_too_large", size=round(a.size / 1024 / 1024, 1),
                                          limit=self.settings.MAX_UPLOAD_MB))
                continue
            try:
                # an embed's picture (no size told) stops reading past the limit
                data = await (a.read(limit) if isinstance(a, EmbedPicture) else a.read())
            except TooLarge as exc:
                errors.append(UploadError("file_too_large", size=round(exc.size / 1024 / 1024, 1),
                                          limit=self.settings.MAX_UPLOAD_MB))
                continue
            except (discord.HTTPException, aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
                # Discord's CDN out of reach or answering an error, the download cut (once the
                # exception went up to discord.py and the interaction stayed "thinking"): not the
                # picture's fault, so not told as a damaged one
                log.warning("attachment download failed: %s", type(exc).__name__)
                errors.append(UploadError("dc_download_failed"))
                continue
            if len(data) > limit:     # an attachment's size told wrong
                errors.append(UploadError("file_too_large", size=round(len(data) / 1024 / 1024, 1),
                                          limit=self.settings.MAX_UPLOAD_MB))
                continue
            images.append(data)
        return images, errors

    async def artist_autocomplete(self, interaction: discord.Interaction, current: str):
        """Artists and this community's styles whose name holds what was typed so far, those that
        start with it first. Korean is compared letter by letter (bot/hangul.py), as it is typed:
        "ㄱ", "김ㅎ", "김호" and the initials "ㄱㅎㄷ" find 김홍도; a name with a Korean ending, whole
        or half typed ("모네처럼", "모네처"), finds its artist."""
        lang = self._autocomplete_lang(interaction)        # (the client's where the store fails)
        scope = f"dc:g{interaction.guild_id}" if interaction.guild_id else f"dc:{interaction.channel_id}"
        try:
            here, everywhere = self._styles_in(scope), self._styles_in("global")
        except (sqlite3.Error, OSError) as exc:
            # the artists all the same: the whole answer failed (a traceback, and Discord's "Loading
            # options failed" under every letter typed) while the store was locked
            log.info("autocomplete without community styles: the store failed (%s)", type(exc).__name__)
            here, everywhere = [], []
        found = self._choices(normalise(current), lang, here, everywhere)
        # a name with a Korean ending, as the command layer reads "/style 고흐로" (arguments.name_stems):
        # "모네처럼" and "고흐로" found nothing and cleared the choices; so did one half typed
        # ("모네처", "모네ㅊ", "고흐처러": hangul.begun_ending_stems). A stem that is a whole name
        # adds its choices after those of the text as typed, so "모네ㅍ" lists 모네 (모네풍으로 on
        # the way) beside a style "모네풍경"; a begun ending after part of a name ("김호ㄱ") finds nothing
        stems = [normalise(stem) for stem, _ in name_stems(current)]
        names = self._name_letters(here, everywhere)
        for stem in stems + hangul.begun_ending_stems(normalise(current), KOREAN_ENDINGS):
            if hangul.letters(stem) in names:
                found += [c for c in self._choices(stem, lang, here, everywhere) if c not in found]
        if not found:                # a whole ending after part of a name: "김홍처럼", as before
            found = next((c for stem in stems if (c := self._choices(stem, lang, here, everywhere))), [])
        return found[:25]

    async def size_autocomplete(self, interaction: discord.Interaction, current: str):
        """/size's choices: the named sizes in the user's language ("작" finds 작게), or the
        pixels typed (bot/discord_sizes.py)."""
        layer = self.layer
        return size_choices(current, self._autocomplete_lang(interaction), layer.size_names(), MIN_OUTPUT_SIDE,
                            layer.settings.MAX_SIDE_LIMIT)

    def _styles_in(self, scope: str) -> list:
        """A scope's community styles, as the autocompletes read them: kept while the store's
        styles and languages are unchanged (a few seconds at most; bot/discord_autocomplete_reads.py)."""
        return self.autocomplete_reads.get(("styles", scope), lambda: self.layer.store.styles_in(scope))

    def _autocomplete_lang(self, interaction: discord.Interaction) -> str:
        """lang_of for an autocomplete, kept as _styles_in is (a read of the user's settings at each
        key); where the settings were not read, not kept (the next key reads them again)."""
        key = ("lang", interaction.user.id, interaction.channel_id, str(interaction.locale))
        return self.autocomplete_reads.get(key, lambda: self.lang_of(interaction, guessed=NotKept))

    def typed_artist(self, artist: str | None) -> str:
        """An artist option as sent: the slug of a choice picked, or what was typed, a choice's
        label typed out whole too ("Vincent van Gogh · 빈센트 반 고흐": gogh; discord_pasted_choices)."""
        return artist_label_read(artist or "", self.layer.catalog)

    def _name_letters(self, here: list, everywhere: list) -> set[str]:
        """Every name the autocomplete finds (artists' names and aliases, the styles' keys), as
        hangul.letters of its normalised key: whether a stem is a whole name."""
        artists = {normalise(n) for a in self.layer.catalog.artists for n in (a.slug, a.name_en, a.name_ko, *a.aliases)}
        return {hangul.letters(key) for key in artists | {s.key for s in here + everywhere}}

    def _choices(self, key: str, lang: str, here: list, everywhere: list) -> list[app_commands.Choice]:
        """artist_autocomplete's choices for the normalised ``key``: the artists, then the styles
        ``here`` (this community's) and ``everywhere`` (the operator's), each ranked by hangul.match."""
        found: list[tuple[int, app_commands.Choice]] = []
        for a in self.layer.catalog.artists:
            ranks = [r for n in (a.slug, a.name_en, a.name_ko, *a.aliases)
                     if (r := hangul.match(key, normalise(n))) is not None]
            if ranks:
                label = f"{a.name(lang)} · {a.name('ko' if lang == 'en' else 'en')}"
                found.append((min(ranks), app_commands.Choice(name=label[:100], value=a.slug)))
        # an operator's style of a name this community has too is hidden by the community's here
        # (commands.find_style): it was offered twice, the same name for two different styles
        shadowed = {s.key for s in here}
        for s in here + [g for g in everywhere if g.key not in shadowed]:
            rank = hangul.match(key, s.key)
            if rank is not None:
                found.append((rank, app_commands.Choice(name=s.name[:100], value=s.name)))
        found.sort(key=lambda pair: pair[0])            # stable: the catalog's order within a rank
        return [choice for _, choice in found[:25]]

    # -- commands ----------------------------------------------------------------------------
    def _register(self) -> None:
        tree, fe = self.tree, self

        D = desc                     # a description: English, with its Korean (bot/discord_descriptions.py)
        N = command_name             # a command's name: English, with its Korean (/스타일 for /style)

        @tree.command(name=N("style"), description=D("dc_desc_style"))
        @app_commands.describe(artist=D("dc_desc_opt_artist"), image=D("dc_desc_opt_image"),
                               strength=D("dc_desc_opt_strength"))
        @app_commands.autocomplete(artist=fe.artist_autocomplete)
        async def style(interaction: discord.Interaction, artist: Optional[str] = None,
                        image: Optional[discord.Attachment] = None,
                        strength: Optional[app_commands.Range[float, 0.0, 1.0]] = None):
            # a strength alone paints the default artist (or offers the artist buttons) at it
            text = "/style " + fe.typed_artist(artist) + (f" {strength}" if strength is not None else "")
            await fe.run(interaction, text.strip(), [image])

        @tree.command(name=N("hq"), description=D("dc_desc_hq"))
        @app_commands.describe(artist=D("dc_desc_opt_artist"), image=D("dc_desc_opt_image"))
        @app_commands.autocomplete(artist=fe.artist_autocomplete)
        async def hq(interaction: discord.Interaction, artist: Optional[str] = None,
                     image: Optional[discord.Attachment] = None):
            await fe.run(interaction, f"/hq {fe.typed_artist(artist)}".strip(), [image])

        @tree.command(name=N("mix"), description=D("dc_desc_mix"))
        @app_commands.describe(styles=D("dc_desc_opt_styles"), image=D("dc_desc_opt_image"))
        async def mix(interaction: discord.Interaction, styles: str, image: Optional[discord.Attachment] = None):
            await fe.run(interaction, f"/mix {styles}", [image])

        @tree.command(name=N("preview"), description=D("dc_desc_preview"))
        @app_commands.describe(image=D("dc_desc_opt_image"))
        async def preview(interaction: discord.Interaction, image: Optional[discord.Attachment] = None):
            await fe.run(interaction, "/preview", [image])

        @tree.command(name=N("setstyle"), description=D("dc_desc_setstyle"))
        @app_commands.describe(artist=D("dc_desc_opt_default_artist"))
        @app_commands.autocomplete(artist=fe.artist_autocomplete)
        async def setstyle(interaction: discord.Interaction, artist: str):
            await fe.run(interaction, f"/setstyle {fe.typed_artist(artist)}")

        @tree.command(name=N("strength"), description=D("dc_desc_strength"))
        @app_commands.describe(value=D("dc_desc_opt_strength"))
        async def strength(interaction: discord.Interaction, value: app_commands.Range[float, 0.0, 1.0]):
            await fe.run(interaction, f"/strength {value}")

        @tree.command(name=N("keepcolors"), description=D("dc_desc_keepcolors"))
        @app_commands.describe(on=D("dc_desc_opt_keepcolors"))
        async def keepcolors(interaction: discord.Interaction, on: bool):
            await fe.run(interaction, f"/keepcolors {'on' if on else 'off'}")

        @tree.command(name=N("size"), description=D("dc_desc_size"))
        @app_commands.describe(size=D("dc_desc_opt_size_any"))
        # free text, autocompleted (bot/discord_sizes.py): a number of pixels too, as /size takes
        # typed ("/size 256", which size_usage and out_of_memory suggest); four fixed choices had
        # no way to it (discord.py allows choices or autocomplete, not both)
        @app_commands.autocomplete(size=fe.size_autocomplete)
        async def size(interaction: discord.Interaction, size: str):
            await fe.run(interaction, f"/size {typed_size(size)}")

        @tree.command(name=N("lang"), description=D("dc_desc_lang"))
        @app_commands.describe(language=D("dc_desc_opt_language"))
        @app_commands.choices(language=[app_commands.Choice(name="English", value="en"),
                                        app_commands.Choice(name="한국어", value="ko")])
        async def lang(interaction: discord.Interaction, language: app_commands.Choice[str]):
            await fe.run(interaction, f"/lang {language.value}")

        paintings = {f"image{i}": D("dc_desc_opt_painting") for i in range(1, 11)}

        @tree.command(name=N("addstyle"), description=D("dc_desc_addstyle"))
        @app_commands.describe(name=D("dc_desc_opt_style_name"), everywhere=D("dc_desc_opt_add_everywhere"),
                               **paintings)
        async def addstyle(interaction: discord.Interaction, name: str, image1: discord.Attachment,
                           image2: Optional[discord.Attachment] = None, image3: Optional[discord.Attachment] = None,
                           image4: Optional[discord.Attachment] = None, image5: Optional[discord.Attachment] = None,
                           image6: Optional[discord.Attachment] = None, image7: Optional[discord.Attachment] = None,
                           image8: Optional[discord.Attachment] = None, image9: Optional[discord.Attachment] = None,
                           image10: Optional[discord.Attachment] = None, everywhere: bool = False):
            images = [image1, image2, image3, image4, image5, image6, image7, image8, image9, image10]
            await fe.run(interaction, f"/addstyle {'--global ' if everywhere else ''}{name}", images)

        @tree.command(name=N("removestyle"), description=D("dc_desc_removestyle"))
        @app_commands.describe(name=D("dc_desc_opt_remove_name"), everywhere=D("dc_desc_opt_remove_everywhere"))
        async def removestyle(interaction: discord.Interaction, name: str, everywhere: bool = False):
            await fe.run(interaction, f"/removestyle {'--global ' if everywhere else ''}{name}")

        @tree.command(name=N("renamestyle"), description=D("dc_desc_renamestyle"))
        @app_commands.describe(name=D("dc_desc_opt_rename_name"), new_name=D("dc_desc_opt_rename_new"),
                               everywhere=D("dc_desc_opt_rename_everywhere"))
        async def renamestyle(interaction: discord.Interaction, name: str, new_name: str, everywhere: bool = False):
            # the old name in quotes: "Ink" renamed "Wash Blue" beside a style "Ink Wash" is no "Ink Wash" renamed "Blue"
            await fe.run(interaction, f"/renamestyle {'--global ' if everywhere else ''}\"{name}\" {new_name}")

        def simple(name: str):
            async def callback(interaction: discord.Interaction):
                await fe.run(interaction, f"/{name}")
            tree.add_command(app_commands.Command(name=N(name), description=D(f"dc_desc_{name}"),
                                                callback=callback))

        for name in ("start", "styles", "help", "settings", "status", "cancel", "mydata", "forgetme",
                     "stronger", "weaker", "communitystyles"):
            simple(name)

        @tree.context_menu(name=D("dc_name_stylize"))   # (its English name: "Stylize")
        async def stylize(interaction: discord.Interaction, message: discord.Message):
            ref = painting_ref(message) if fe.client.user and message.author.id == fe.client.user.id else None
            if ref:             # one of our paintings: its photo, in other styles (not the painting repainted)
                return await fe.run(interaction, "", painting=ref)
            # every photo, as an album: each its own artist buttons (the first alone left the others
            # unpaintable from the message)
            # (a GIF picker's GIF: the still of its embed, bot/discord_embeds.py)
            images = [a for a in attachments_of(message) if is_image(a)] or embed_pictures(message, fe.client.http)
            # a video or voice message alone: "still pictures only, a screenshot will do", not "no image"
            images = images or [a for a in attachments_of(message) if is_moving(a)][:1]
            await fe.run(interaction, "", images, sender=f"dc:{message.author.id}")
