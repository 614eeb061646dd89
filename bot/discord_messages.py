"""Messages to the bot (discord.py's on_message): a DM, or a server message that mentions it
("@Paintbot gogh" with a photo), answered as Telegram answers a photo with its caption, through
the same command layer. Discord delivers the content and attachments of exactly these messages
without the privileged message-content intent (other server messages come empty), so the bot
asks for none. Other bots' messages, its own and webhooks' are never answered.

In a server the mention picker often offers the bot's managed role ("@Paintbot", <@&ROLE>) before
the bot itself: a mention of that role (guild.self_role, tags.bot_id the bot's id) is a mention of
the bot. Discord documents content "in which the app is mentioned" and discord.py's
Intents.message_content "the message mentions the client", neither whether its role counts: where
such a message comes blanked, the bot says to mention it as a member instead. A reply in a server
to someone's message that comes blanked (its photo unseen: it did not mention the bot) is told how
to paint that photo, not painted from an older one. An edit within EDIT_WINDOW_S into a command the
bot has not acted on ("@Paintbot gohg" -> "gogh", or the mention added) is acted on, once; as on
Telegram, only an edit that asks for something (a "/" command, an artist's name that paints, or a
photo attached or replied to on a message the bot had not answered): edited chat ("hello" ->
"hello there") and an edited caption get no second reply.

The replies answer the user's message in its channel (Discord replies), with the buttons as
Views; the progress line is edited in place; a file fits the channel's upload limit, and where
the bot may not attach files (403, 50013) it goes by DM (bot/discord_dm.py). A reply to one of
the bot's paintings acts on that painting (its job id, from the buttons), as on Telegram.
"""
from __future__ import annotations

import asyncio
import dataclasses
import functools
import hashlib
import io
import logging
import re
import sqlite3
from datetime import timedelta
from typing import TYPE_CHECKING

import discord

from . import discord_dm, discord_stop
from .discord_embeds import EMBED_WAIT_S, EmbedPicture, awaits_embed, embed_pictures, without_embedded_links
from .bounded import Newest
from .chat import ChatUnreachable, reworded
from .commands import Reply, Request
from .discord_options import options_by_command
from .discord_pasted_choices import label_shown_in, message_read
from .discord_sending import PartsSender
from .images import UploadError
from .messages import LANGS, t
from .request_kinds import asks_help
from .start_wording import start_with_lines
from .store import EDIT_WINDOW_S, UPDATE_SLACK_S, StorageError   # (the edit window: see there)

if TYPE_CHECKING:
    from .discord_bot import DiscordFrontend

log = logging.getLogger(__name__)

NO_HISTORY = 160002               # "Cannot reply without permission to read message history"
# a file with no content type is a picture by its name: every format the bot reads (images.py), AVIF
# and HEIF too (an iPhone's .heif, a browser's saved .jfif were "no image" to Stylize and a reply)
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".jfif", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff", ".heic", ".heif",
                  ".avif")
MOVING_SUFFIXES = (".mp4", ".mov", ".webm", ".mkv", ".avi", ".m4v", ".ogg", ".mp3", ".m4a", ".wav", ".flac")
HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
REMEMBERED_LOCALES = 5000         # users whose client language an interaction told (a message does not)
REMEMBERED_MESSAGES = 2000        # messages whose command is remembered, so an edit that keeps it is not run again
# a reply notifies its user (a painting takes a while), and nobody else a text may name
REPLY_MENTIONS = discord.AllowedMentions(everyone=False, users=False, roles=False, replied_user=True)
# The command layer's replies that speak of captions (Telegram's way), said as a Discord message
# has them: the picture attached to the message that carries the command (the slash commands'
# own wording, an image option, is bot/discord_bot.py's DISCORD_WORDING). The hints after a
# painting too: Telegram's group one says a new photo needs a caption, where on Discord a server
# message reaches the bot only where it mentions it. (Telegram's group one whichever of its keys the
# layer picks: after_painting_hint_group_reply says a reply naming an artist is read, as the
# Discord wording says already, and a new photo needs a caption)
MESSAGE_WORDING = {"no_photo": "dc_msg_no_photo", "no_photo_for": "dc_msg_no_photo_for", "text_hint": "dc_msg_text_hint",
                   "no_style_no_photo": "dc_msg_no_style_no_photo",
                   "after_painting_hint": "dc_msg_after_painting_hint",
                   "after_painting_hint_group": "dc_msg_after_painting_hint_group",
                   "after_painting_hint_group_reply": "dc_msg_after_painting_hint_group"}
MESSAGE_START_LINES = {1: "dc_msg_start_how", 2: "dc_msg_start_named"}    # /start's caption lines


def message_wording(reply: Reply) -> Reply:
    """A reply to a typed message said the Discord way: "a photo with the caption /style gogh" is
    "attach a picture to your message with /style gogh"; /start's lines so too."""
    for lang in LANGS:
        if reply.text == t(lang, "start"):
            return dataclasses.replace(reply, text=start_with_lines(lang, MESSAGE_START_LINES))
    return reworded(reply, MESSAGE_WORDING)


def is_image(attachment: discord.Attachment) -> bool:
    return (attachment.content_type or "").startswith("image/") or \
        attachment.filename.lower().endswith(IMAGE_SUFFIXES)


def is_moving(attachment: discord.Attachment) -> bool:
    """A video, a voice message or an audio file: no still picture to paint."""
    return (attachment.content_type or "").startswith(("video/", "audio/")) or \
        attachment.filename.lower().endswith(MOVING_SUFFIXES)


def attachments_of(message: discord.Message) -> list[discord.Attachment]:
    """A message's files, with those of the message it forwards (Discord's "Forward": the files are
    in its snapshot, the message itself has none): a forwarded photo was "no image" to Stylize, a
    reply and a DM."""
    return [*message.attachments, *(a for snap in getattr(message, "message_snapshots", None) or ()
                                    for a in snap.attachments)]


def mention_pattern(bot_id: int, role_id: int | None = None) -> re.Pattern:
    """The bot's mention as the client writes it: "<@ID>" (or the older "<@!ID>"), and its
    managed role's "<@&ROLE>" where it has one there."""
    role = f"|&{role_id}" if role_id is not None else ""
    return re.compile(rf"\s*<@(?:!?{bot_id}{role})>\s*")


def own_role_id(message: discord.Message) -> int | None:
    """The id of the bot's managed role in the message's server ("@Paintbot" in the mention
    picker): guild.self_role, the role whose tags.bot_id is the bot's. None in a DM, or where the
    server is not cached (the bot asks for the guilds intent, so the servers it is in are)."""
    guild = message.guild
    role = guild.self_role if isinstance(guild, discord.Guild) else None
    return role.id if role is not None else None


def server_locale(message: discord.Message) -> str | None:
    """The language of the message's server (guild.preferred_locale, a Community server's, as its
    admins set it): the last guess at its user's, a message having no locale. None in a DM, where
    the server is not cached, and for Discord's en-US, the locale of every server that set none
    (an operator's DEFAULT_LANG=ko is kept there)."""
    guild = message.guild
    locale = str(guild.preferred_locale or "") if isinstance(guild, discord.Guild) else ""
    return locale if locale and locale != "en-US" else None


def as_help(text: str) -> str:
    """"help", "도움말", "Help?" (a mention's or a DM's whole text) as the /help they ask for, in
    Korean as /도움말 (the help in Korean, as the word asked): they got "Send me a photo… or try
    /help"; any other text as it is."""
    if not (asks_help(text) or asks_help(text.rstrip("?!."))):
        return text
    return "/도움말" if HANGUL.search(text) else "/help"


def blanked(message: discord.Message) -> bool:
    """A server message as Discord sends it without the message-content intent: no text, no
    files (every message has one or the other)."""
    snapshots = getattr(message, "message_snapshots", None) or []
    return not message.content and not message.attachments and not message.embeds and \
        not any(s.content or s.attachments or s.embeds for s in snapshots)     # a forward, blanked too


def command_key(message: discord.Message) -> str:
    """What a message asks for, to tell an edit that changes it: its text, spacing aside, and its
    files; as a digest (it is kept in the store, which need not hold the text)."""
    key = repr((" ".join(message.content.split()), tuple(a.id for a in message.attachments)))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


class Locales:
    """Each user's client language, as their last interaction said it (``interaction.locale``):
    a message carries none. Kept in memory, the last REMEMBERED_LOCALES users; /forgetme drops it."""

    def __init__(self):
        self._known: Newest = Newest(REMEMBERED_LOCALES)     # user -> locale

    def remember(self, user_id: str, locale) -> None:
        if locale:
            self._known[user_id] = str(locale)

    def of(self, user_id: str, text: str, server: str | None = None) -> str | None:
        """Their client's language; else Korean where they write Korean ("고흐처럼"); else
        ``server``'s (server_locale: a Korean server's new user's bare "@Paintbot" got English);
        else None (the bot's default). What /lang set comes first: the command layer looks it up."""
        return self._known.get(user_id) or ("ko" if HANGUL.search(text) else None) or server

    def forget(self, user_id: str) -> None:
        self._known.pop(user_id, None)


class MessageResponder(PartsSender):
    """The replies to one message, each a Discord reply to it in its channel. A reply's handle
    is its message id (the command layer journals a job's progress line by it; after a restart
    deliver() edits that line through the channel). A channel that refuses the bot's posts (403:
    no Send Messages) gets none: they go to the user by DM; one gone (404), or with the user's DMs
    closed too, is said once in the log, and the rest is dropped (discord_sending: the send loop
    and these fallbacks, shared with the slash commands' responder)."""

    refused = "cannot reply in channel %s"         # (PartsSender's log lines, as this module's)
    log = log

    def __init__(self, frontend: "DiscordFrontend", message: discord.Message, lang: str, req: Request | None = None):
        super().__init__()
        self.frontend, self.message, self._lang, self.req = frontend, message, lang, req
        self.reference: discord.MessageReference | None = message.to_reference(fail_if_not_exists=False)
        self.file_limit = getattr(message.guild, "filesize_limit", discord.utils.DEFAULT_FILE_SIZE_LIMIT_BYTES)
        self.user, self.channel_id = message.author, message.channel.id
        # a DM itself (a channel of no server): one refusing the bot is closed, no DM to fall back on
        self.in_dm = message.guild is None and getattr(message.channel, "guild_id", None) is None

    @property
    def lang(self) -> str:
        """The language of the front-end's own notes ("sent to you by DM", "too large"): the
        user's as it is now, where the replies are to a request (``req``). Taken when the message
        came, a "/lang ko" sent just before and answered after it (it waited for an earlier photo)
        left the notes in English under a Korean caption."""
        if self.req is not None:
            try:
                return self.frontend.layer.lang_of(self.req)
            except Exception:
                pass
        return self._lang

    def worded(self, reply: Reply) -> Reply:
        return message_wording(reply)

    async def _send_part(self, kwargs: dict, reply: Reply) -> discord.Message | None:
        return await self._post(kwargs)

    async def edit(self, handle: int | None, reply: Reply) -> None:
        from .discord_bot import edit_view              # (here: discord_bot imports this module)
        if handle is None or handle not in self.messages:
            return
        message = self.messages[handle]
        text, view = reply.text[:2000], edit_view(self.frontend, reply)
        if message.channel.id != self.message.channel.id:     # a line sent by DM: it names the channel still
            text, view = discord_dm.naming_channel(self.message.channel.id, reply.text), {}
        try:
            await message.edit(content=text, **view)
            return
        except (discord.NotFound, discord.Forbidden) as exc:    # deleted since (10008), not editable: a new line
            log.debug("progress line %s not editable (%s, code %s)", handle, exc.status, exc.code)
        except discord.HTTPException as exc:
            # Discord's trouble (5xx, rate limits) past discord.py's own tries: the edit may well
            # have been made (a 5xx after acting); a new line put the outcome in the channel twice.
            # A step of the progress is left; the outcome (a failed painting's only word) is
            # looked for in the line (one read): made, left; not made, or not readable (no Read
            # Message History), a new line (a copy too many beats an outcome lost)
            if reply.progress or await self._edit_made(message, text, exc):
                log.warning("progress line %s not edited (%s, code %s); left as it is", handle, exc.status, exc.code)
                return
            log.warning("progress line %s: its outcome not edited in (%s, code %s): posted anew",
                        handle, exc.status, exc.code)
        moved = await self._post({"content": reply.text[:2000], **edit_view(self.frontend, reply)})
        if moved is not None:
            self.messages[handle] = moved

    @staticmethod
    async def _edit_made(message: discord.Message, text: str, exc: discord.HTTPException) -> bool:
        """Whether the edit ``text`` that Discord answered ``exc`` to is in ``message`` all the
        same (a 5xx after acting); False for a 429 (refused) or a line not readable."""
        if exc.status < 500:
            return False
        try:
            now = await message.channel.fetch_message(message.id)
        except discord.HTTPException as again:
            log.info("progress line %s not readable to see whether its edit was made (%s, code %s)",
                     message.id, again.status, again.code)
            return False
        return now.content.strip() == text.strip()

    async def _in_channel(self, kwargs: dict) -> discord.Message:
        """A Discord reply to the message; a plain message where the bot may not read the
        channel's history (160002: no reply without it)."""
        body = discord_dm.file_body(kwargs)
        channel = self.message.channel
        try:
            return await channel.send(reference=self.reference, allowed_mentions=REPLY_MENTIONS, **kwargs)
        except discord.Forbidden as exc:
            if exc.code != NO_HISTORY or self.reference is None:
                raise
        self.reference = None
        file = kwargs.get("file")            # spent by the refused send: a fresh one of its bytes
        again = {**kwargs, "file": discord.File(io.BytesIO(body), filename=file.filename)} if file else kwargs
        return await channel.send(reference=None, allowed_mentions=REPLY_MENTIONS, **again)


class MessageFrontend:
    """discord.py's on_message for a DiscordFrontend: which messages are for the bot, and the
    Request each becomes."""

    def __init__(self, frontend: "DiscordFrontend"):
        self.frontend = frontend
        self.locales = Locales()
        # message id -> (its user, command_key): what the bot acted on (_seen), for on_message_edit
        self._acted: Newest = Newest(REMEMBERED_MESSAGES)
        self._handled: Newest = Newest(REMEMBERED_MESSAGES)   # messages handed to the command layer
        self._keeping: set[asyncio.Future] = set()            # their writes to the store (_keep) under way
        self._embeds_awaited: dict[int, asyncio.Future] = {}  # message id -> its update with a picture's embed
        frontend.layer.forget_hooks.append(self.locales.forget)
        frontend.layer.forget_hooks.append(self.forget)

    @functools.cached_property
    def options(self) -> dict:
        """The slash commands' options, by command name (discord_options): read once the commands
        are registered (after this object is made)."""
        return options_by_command(self.frontend.tree)

    async def on_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        """discord.py's on_raw_message_edit (on_message_edit only comes for cached messages): an
        edit within EDIT_WINDOW_S is taken as a new message, which on_message answers unless it
        acted on that message with the same command (Discord sends an update for a link's
        preview too): "@Paintbot gohg" fixed to "gogh" paints, once. The update must come within
        the window too: a pin, a thread started from the message or a link's preview, much later,
        is an update carrying its old edited_at, and after a restart (or past REMEMBERED_MESSAGES)
        the bot no longer knows it acted on it. Only an edit that asks for something (_asks) is
        acted on: in a DM any text was, and "hello" edited to "hello there" got the hint again."""
        message = payload.message
        awaited = self._embeds_awaited.get(message.id)
        if awaited is not None and not awaited.done() and embed_pictures(message, self.frontend.client.http):
            awaited.set_result(message)                # (a link's embed added: on_message goes on with it)
            if message.edited_at is None:
                return                                 # (Discord's unfurl; the user's edit is acted on below)
        window = timedelta(seconds=EDIT_WINDOW_S)
        if (message.edited_at is not None and message.edited_at - message.created_at <= window
                and discord.utils.utcnow() - message.created_at <= window + timedelta(seconds=UPDATE_SLACK_S)):
            await self.on_message(message, edited=True)

    def _asks(self, req: Request, message: discord.Message, acted: bool) -> bool:
        """Whether an edited message asks the bot for something, as Telegram acts only on edits
        with a command: a command ("/style gogh", "@Paintbot /styles") or an artist's name that
        paints ("gogh", "like monet": the command layer's artist_in_text); a photo attached, or
        that of the message it replies to (the bot's painting too), only where the bot had not
        acted on the message (``acted``: the mention added by the edit). A photo's caption
        edited ("my cat" -> "my cat!") was painted again. Not chat ("hello there"). The
        artists are looked for last: the layer looks for them again (a photo's caption, each
        time twice)."""
        if req.text.startswith("/"):
            return True
        if not acted and (any(is_image(a) for a in message.attachments) or bool(req.reply_to_images or req.reply_errors)
                          or (req.reply_from_bot and req.reply_ref is not None)):
            return True
        return self.frontend.layer.artist_in_text(req) is not None

    def forget(self, user_id: str) -> None:
        """/forgetme: the messages of theirs remembered for edits (the store forgets its rows itself)."""
        for key, (user, _) in list(self._acted.items()):
            if user == user_id:
                del self._acted[key]

    def _remember_handled(self, message_id: int, user: str, key: str, asks: bool) -> None:
        """A message the command layer answered (_acted holds every message seen, ignored ones too);
        in the store too where an update of it could be acted on again (``asks``: a command, an
        artist's name, a photo), for a restarted bot. Chatter ("hello") is not: its update is not
        acted on anyway, and each row is a disk-synced write on the store's one thread."""
        self._handled[message_id] = None
        if asks:
            self._keep(message_id, user, key, handled=True)

    def _stored(self, message_id: int) -> tuple[str, str, bool] | None:
        """What the store remembers of a message (a bot before a restart acted on it); None where
        nothing, or the store cannot be read (then as before: this process's memory alone)."""
        try:
            return self.frontend.layer.store.seen_message(f"dc:{message_id}")
        except (StorageError, sqlite3.Error) as exc:
            log.debug("messages acted on not readable in the store: %s", exc)
            return None

    def _keep(self, message_id: int, user: str | None = None, key: str | None = None, handled: bool = False) -> None:
        """Remember in the store, for a restarted bot, that it acted on this message (as ``key``)
        or answered it (``handled``); for the edit window only: a later update is ignored anyway.
        Written off the loop (the store's writes are), in order; this process remembers it meanwhile."""
        task = asyncio.ensure_future(self.frontend.layer.store.off_loop.keep_seen_message(
            f"dc:{message_id}", user, key, handled, keep_s=EDIT_WINDOW_S + UPDATE_SLACK_S, most=REMEMBERED_MESSAGES))
        self._keeping.add(task)
        task.add_done_callback(self._kept)

    def _kept(self, task: asyncio.Future) -> None:
        self._keeping.discard(task)
        exc = None if task.cancelled() else task.exception()
        if exc is not None:                     # (a full disk: this process still remembers it)
            log.debug("a message acted on was not kept in the store: %s: %s", type(exc).__name__, exc)

    def _seen(self, message: discord.Message, user: str, key: str) -> bool:
        """Whether the bot acted on this message as it is (``key``: its command_key) already, in this
        process or before a restart (the store); else it is remembered so, in this process (the
        store: once answered, _remember_handled). Before any await: discord.py hands on_message the
        cached message, which an edit that comes meanwhile updates in place, and then both would
        act on the new text."""
        if message.id not in self._acted and (stored := self._stored(message.id)) is not None:
            self._acted[message.id] = (stored[0], stored[1])
            if stored[2]:
                self._handled[message.id] = None
        if self._acted.get(message.id, (None, None))[1] == key:
            return True
        self._acted[message.id] = (user, key)
        return False

    async def on_message(self, message: discord.Message, edited: bool = False) -> None:
        """``edited``: the message as an edit left it (on_message_edit), acted on only where it
        asks for something (_asks)."""
        me = self.frontend.client.user
        if me is None or message.author.bot or message.webhook_id is not None or message.author.id == me.id:
            return
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return                                     # a join, a pin, a thread's start: no one asked
        guild_id = message.guild.id if message.guild else getattr(message.channel, "guild_id", None)
        dm = guild_id is None
        role = own_role_id(message)
        mention = mention_pattern(me.id, role)
        role_mentioned = role is not None and any(r.id == role for r in message.role_mentions)
        explicit = bool(mention.search(message.content)) or role_mentioned
        if not dm and not explicit and all(u.id != me.id for u in message.mentions):
            return                                     # server chatter (its content does not reach us anyway)
        # ("/strength value:0.6", as Discord shows the slash command and /settings says it: "/strength 0.6")
        # (and a choice's label pasted, "/size 작게 (small)": "/size small", as the slash command reads
        # it; "style 빈센트 반 고흐 · Vincent van Gogh" without a slash too: discord_pasted_choices)
        typed = mention.sub(" ", message.content).strip()
        read = message_read(typed, self.options, self.frontend.layer.catalog)
        text, shown_in = as_help(read), label_shown_in(typed, read)     # (shown_in: for Locales.of)
        user = f"dc:{message.author.id}"
        key = command_key(message)                     # (before any await: see _seen)
        seen = self._seen(message, user, key)          # (reads what the store remembers too)
        acted = message.id in self._handled            # the bot answered it before this edit
        if seen:                                       # an edit that left the command as it was
            return
        if role_mentioned and blanked(message):        # (mention_roles comes all the same)
            # by the name the member list shows here (its nickname, where the member is cached)
            member = message.guild.me if message.guild else None
            return await self._hint(message, user, key, "dc_role_mention_unread", bot=(member or me).display_name)
        replied = await self._replied(message)
        to_bot = replied is not None and replied.author.id == me.id
        # in a server, a reply's ping alone is no request: "wow, nice!" under a painting is chatter;
        # "monet" or "모네로 그려줘" under it asks for another version (the layer's reply_asks)
        mentioned = explicit or (to_bot and self._reply_asks(message, replied, user, text, guild_id))
        if not dm and not mentioned:
            return
        if self.frontend.handlers.turns_away(discord_stop.Handling(None, message=message)):
            return                                     # (the bot is stopping: told so)
        # numbered before its photos download: a /cancel sent meanwhile comes after it; with its
        # channel and text, as the Request below has them: a photo downloading in a server channel
        # held up the user's DM paintings for 10 s
        seq = self.frontend.layer.arrive(user, f"dc:{message.channel.id}", text)
        handling = discord_stop.Handling(seq, message=message)
        self.frontend.handlers.track(handling)
        failed = None
        try:
            # a GIF picker's GIF: a link whose embed (its picture) may come in an update just after;
            # waited for once numbered, as a download is ("monet" sent meanwhile came first: no photo)
            embedded = await self._embed_update(message) if awaits_embed(message) else message
            text = without_embedded_links(text, embedded)
            images, errors, reply_images, reply_errors = [], [], [], []
            pictures = attachments_of(message) or embed_pictures(embedded, self.frontend.client.http)
            handling.photos = len(pictures)     # (a stop's word: cut_off_word)
            # a painting the user's limits refuse anyway (a flood): its files, and the reply's, unread
            skipped = await self._skips_download(message, pictures, user, text, guild_id, mentioned, to_bot, seq)
            if not skipped:
                images, errors = await self.frontend._read(pictures)
            if replied is not None and not skipped:         # (DMs, or addressed: see above)
                reply_images, reply_errors = await self.frontend._read(
                    [a for a in attachments_of(replied) if is_image(a)]
                    or embed_pictures(replied, self.frontend.client.http))     # (a GIF picker's GIF)
                if not dm and not to_bot and blanked(replied):
                    # its photo, if any, is hidden from the bot: said where a command needs it (the
                    # layer's content_photo), instead of painting the user's last photo
                    if not text and not images:
                        return await self._hint(message, user, key, "dc_reply_unseen")
                    reply_errors = [UploadError("dc_reply_unseen")]

            async def is_admin() -> bool:
                perms = getattr(message.author, "guild_permissions", None)    # a Member, in a known server
                return bool(perms and (perms.manage_guild or perms.administrator))

            from .discord_bot import painting_ref
            locale = self.locales.of(user, f"{shown_in} {text}", server_locale(message))
            req = Request(platform="dc", user_id=user, chat_id=f"dc:{message.channel.id}", text=text,
                          user_name=message.author.display_name, images=images, upload_errors=errors,
                          reply_to_images=reply_images, reply_errors=reply_errors,
                          # (a painting delivered after a restart: its notes in this language too)
                          locale=locale, origin={"locale": locale} if locale else None,
                          community_id=f"dc:g{guild_id}" if guild_id else None,
                          is_admin=is_admin, mentioned=mentioned,
                          # the bot's own painting: named by its job (buttons), never taken as a new photo
                          reply_ref=painting_ref(replied) if to_bot else None, reply_from_bot=to_bot,
                          reply_author=f"dc:{replied.author.id}" if replied is not None else None)
            asks = self._asks(req, message, acted)
            if edited and not asks:
                return                                     # edited chat: no second hint
            req.seq = seq
            # one its sender's /forgetme (sent after it) dropped is not remembered as answered: the
            # store's seen_messages row names them and their command, written after "Done: I
            # deleted ..." (the layer marks it as the /forgetme comes, before its deletion)
            if not self.frontend.layer.dropped_by_forget(seq):
                self._remember_handled(message.id, user, key, asks)
            out = MessageResponder(self.frontend, message, self.frontend.layer.lang_of(req), req)
            await self.frontend.layer.handle(req, out)
        except Exception as exc:        # (before the layer's handle, which answers its own failures)
            failed = exc
        finally:
            self.frontend.layer.left(seq)
        if failed is not None:          # (its number given back first: the user's next messages go on)
            await self._tell_failed(message, user, text, failed, f"{shown_in} {text}")

    def _reply_asks(self, message: discord.Message, replied: discord.Message, user: str, text: str,
                    guild_id: int | None) -> bool:
        """Whether ``text``, replying to the bot's ``replied``, asks it for something: a command; in
        a server an artist named or a follow-up too (CommandLayer.reply_asks), not where the store
        cannot say (it failed): the reply is chatter then, as before. (A DM's is read anyway.)"""
        if text.startswith("/") or guild_id is None:
            return text.startswith("/")
        from .discord_bot import painting_ref
        probe = Request(platform="dc", user_id=user, chat_id=f"dc:{message.channel.id}", text=text,
                        community_id=f"dc:g{guild_id}", mentioned=True,
                        reply_ref=painting_ref(replied), reply_from_bot=True, reply_author=f"dc:{replied.author.id}")
        try:
            return self.frontend.layer.reply_asks(probe)
        except (StorageError, sqlite3.Error) as exc:
            log.info("a reply to the bot taken for chatter: the store failed (%s)", type(exc).__name__)
            return False

    async def _embed_update(self, message: discord.Message) -> discord.Message:
        """The message as the update that adds its link's picture embed has it (Discord unfurls a
        link after the message: a GIF picker's GIF was "no photo"), waited for EMBED_WAIT_S; as it
        is where none comes. A later update is no edit (no edited_at): not acted on."""
        awaited = self._embeds_awaited[message.id] = asyncio.get_running_loop().create_future()
        try:
            return await asyncio.wait_for(awaited, EMBED_WAIT_S)
        except asyncio.TimeoutError:
            return message
        finally:
            self._embeds_awaited.pop(message.id, None)

    async def _tell_failed(self, message: discord.Message, user: str, text: str, exc: Exception,
                           words: str) -> None:
        """A message for the bot whose handling failed here, before the command layer: the store
        locked while its words are read (_asks: whether it names an artist), say. It got no answer
        at all (the error went to discord.py's on_error, a log line); now the layer's answer to a
        failure, logged and told as it tells its own. ``words``: what says the user's language
        (the text and a pasted label's first name: discord_pasted_choices.label_shown_in)."""
        layer = self.frontend.layer
        req = Request("dc", user, f"dc:{message.channel.id}", text=text, locale=self.locales.of(user, words, server_locale(message)))
        # (the responder's own notes, a DM's "sent to you by DM", in a language the store need not give)
        await layer.tell_failed(exc, req, MessageResponder(self.frontend, message, layer.lang_without_store(req)))

    async def _skips_download(self, message: discord.Message, pictures: list, user: str, text: str, guild_id,
                              mentioned: bool, to_bot: bool, seq: int) -> bool:
        """Whether the message's ``pictures`` (its files, else its embeds' pictures: a GIF's
        still) are left unread: the painting it asks for is refused by the user's limits whatever
        they are (CommandLayer.skips_download). A flood of photos, or of GIFs, was each downloaded
        (up to MAX_UPLOAD_MB) before most were refused."""
        files = sum(1 for a in pictures if (is_image(a) or isinstance(a, EmbedPicture)) and not is_moving(a))
        if not files:
            return False
        probe = Request(platform="dc", user_id=user, chat_id=f"dc:{message.channel.id}", text=text,
                        locale=self.locales.of(user, text, server_locale(message)), community_id=f"dc:g{guild_id}" if guild_id else None,
                        mentioned=mentioned, reply_from_bot=to_bot, seq=seq)
        return await self.frontend.layer.skips_download(probe, files)

    async def _hint(self, message: discord.Message, user: str, key: str, hint: str, **params) -> None:
        """A hint where the bot cannot act (the message's words or the photo it replies to came
        blanked), kept in the store as acted on (``key``: its command_key), as _remember_handled
        keeps an answer: after a restart, an update of the message in its edit window (a
        resumed one, a link's preview) got the hint a second time."""
        self._keep(message.id, user, key)
        await self._say(message, hint, **params)

    async def _say(self, message: discord.Message, key: str, **params) -> None:
        """A reply of the front-end's own (a Discord matter, not a command), in the user's language."""
        user = f"dc:{message.author.id}"
        lang = self.frontend.layer.lang_of(Request("dc", user, f"dc:{message.channel.id}",
                                                   locale=self.locales.of(user, message.content, server_locale(message))))
        try:
            await MessageResponder(self.frontend, message, lang).send(Reply(t(lang, key, **params)))
        except ChatUnreachable as exc:    # the channel gone, or refusing the bot with the user's DMs
            # closed: said by the responder; no traceback from discord.py's on_message (the layer's way)
            log.info("a reply could not be sent: the chat takes no messages from the bot (%s)", exc)

    async def _replied(self, message: discord.Message) -> discord.Message | None:
        """The message this one replies to: sent along by Discord, else fetched (None where it is
        gone, or the bot may not read the channel's history)."""
        ref = message.reference
        if ref is None or ref.message_id is None or message.type is not discord.MessageType.reply:
            return None
        if isinstance(ref.resolved, discord.Message):
            return ref.resolved
        if isinstance(ref.resolved, discord.DeletedReferencedMessage):
            return None
        try:
            return ref.cached_message or await message.channel.fetch_message(ref.message_id)
        except discord.HTTPException as exc:
            log.debug("replied-to message %s not readable (%s, code %s)", ref.message_id, exc.status, exc.code)
            return None
