"""Telegram front-end (python-telegram-bot): updates in, Requests to the command layer, Replies out.

One handler per command (plus photos and documents, whose captions carry the command, albums
for /addstyle, inline-keyboard buttons, and edited messages that carry a command: a typo fixed
in "/style goh" is acted on, as is a caption fixed to name an artist, "gohg" to "gogh"). Videos,
voice messages, video notes, audio files and animations (GIFs) have nothing still to paint: they
are answered so, where the bot is addressed; a location, a contact, a poll (NOTHING_TO_PAINT) is
answered in a private chat as text is; group messages the command layer ignores anyway are not
downloaded. TELEGRAM_API_BASE points the bot, and its file downloads, at another Bot API server.
The httpx logger stays at WARNING: it logs request URLs, and Telegram's URLs contain the token.
"""
from __future__ import annotations

import asyncio
import contextlib
import contextvars
import copy
import dataclasses
import functools
import hashlib
import io
import logging
import time
import warnings
import zipfile
from collections import OrderedDict
from datetime import timedelta
from collections.abc import Awaitable, Callable

from PIL import Image
from telegram import (BotCommand, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message,
                      MessageEntity, ReplyParameters, Update)
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import (BadRequest, ChatMigrated, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter,
                            TelegramError, TimedOut)
from telegram.ext import (Application, CallbackQueryHandler, ChatMemberHandler, CommandHandler, ContextTypes,
                          MessageHandler, SimpleUpdateProcessor, filters)
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from .bounded import Newest
from .chat import ChatUnreachable, MaybeDelivered, SaidLately
from .cut_off_word import cut_off_word
from .commands import (PAINTING_KINDS, PAINTING_REF, QUIET_REFUSALS_S, CommandLayer, Reply, Request,
                       display_name)
from .errors import BotError
from .images import UploadError
from .logs import quiet_http_logs, redact
from .messages import t
from .settings import Settings
from .store import storage_problem

log = logging.getLogger(__name__)
ALBUM_WAIT_S = 1.0          # an album arrives as several updates: wait this long for the rest
ALBUM_LATE_S = 300.0        # a photo of an album handled this long ago still takes its command (_collect_album)
# an album's record (_recent_albums: its sender, number and command) is kept ALBUM_LATE_S (+ the
# gathering's wait) after its last photo came, or after it was handled, however many albums came
# meanwhile: that long a late photo takes its command, and a /forgetme must find every album a
# late photo may still come to (kept for the newest 500 albums, on a busy bot an album was gone
# after 500 others, and its late photo kept after its sender's /forgetme); and no longer (a timer:
# on a quiet bot a caption was kept for good). This many at most, the oldest going first: the
# memory a flood of albums takes stays bounded (no photo is kept in a record, and of its caption
# only ALBUM_COMMAND_KEPT characters: album_command)
ALBUM_RECORDS_KEPT = 10_000
# what an album's record keeps of its caption, for its late photos: a command with its words
# ("/mix gogh 0.7 monet #cat") is far shorter. Whole, 10,000 records of Premium captions (4096
# characters) were some 40 MB of text, 160 MB in emoji; cut so, 2.5 MB (10 MB in emoji)
ALBUM_COMMAND_KEPT = 256
CLOCK_TICK_S = time.get_clock_info("monotonic").resolution     # Windows': 15.6 ms (an event loop's timers' too)
SEND_PATIENCE_S = 180.0     # a reply (a painting) is tried again for this long before it is given up
DOWNLOAD_PATIENCE_S = 60.0  # a user's photo is fetched again for this long (the user waits, told nothing)
OUTCOME_EDIT_PATIENCE_S = 10.0   # a line's "✅ done" edit is tried again this long, not SEND_PATIENCE_S
# a message that reads what the user's earlier ones did ("/style" after a photo) waits this long,
# at most, for their photos' downloads (getFile and the file, each fetched again for
# DOWNLOAD_PATIENCE_S) before the command layer's own ORDER_WAIT_S begins
FETCH_WAIT_MARGIN_S = 30.0
# a stop waits this long for the updates still being handled, then cuts them off: python-telegram-bot's
# Application.stop waits for them with no limit, and a photo's download from a slow file server
# (fetched again for DOWNLOAD_PATIENCE_S) held the stop past the CLOSE_S (10 s) that bot/__main__.py
# keeps for closing the front-ends within STOP_GRACE; the rest of it is for telling the users cut
# off (CUT_OFF_TELL_S) and closing the connections
HANDLERS_STOP_WAIT_S = 6.0
CUT_OFF_TELL_S = 2.0        # one try, all chats at once, to say "restarting, send it again" to those cut off
CONCURRENT_UPDATES = 256    # python-telegram-bot's own for concurrent_updates(True)
RETRY_FIRST_WAIT_S = 1.0    # after a dropped connection or a server error: 1, 2, 4... s between tries
RETRY_MAX_WAIT_S = 15.0
# getUpdates refused (403, 409: a webhook set, another instance polling) again and again for this
# long, never quiet for as long, and polling has failed for good: the bot exits. Longer than a
# redeploy's overlap, where the old instance polls on while it drains (DRAIN_TIMEOUT, 60 s).
GIVE_UP_AFTER_S = 90.0
# a chat that refused the bot's pictures (or its text: "not enough rights") is taken at its word
# this long, or until one goes through there: its painting requests are not painted meanwhile
REFUSAL_KEPT_S = 600.0
# ... but one of them is let through this long after the chat's last refusal (or last such try),
# to find out whether an admin gave the right back: it goes through (and the chat is taken again),
# or is refused (and the refusal kept anew). Where Telegram said the bot is restricted there
# (getChatMember, my_chat_member), it is asked again instead, and the request painted only if the
# rights are back (_ask_again)
PROBE_AFTER_S = 60.0
REFUSALS_KEPT = 1000        # chats remembered so, at most (the oldest forgotten first)
KIND_WORDS = {"photo": "photos", "document": "files", "text": "text messages"}     # (ChatRefusals' kinds, logged)
# before a painting in a group the bot asks Telegram whether it may post photos and files there
# (getChatMember of itself), at most once per group this long: restricted from them, the request
# is refused up front, not painted first to be refused. A restricted member's own rights are read;
# a plain member's are the group's defaults (getChat, a second call in the same question); an admin's are all
RIGHTS_ASKED_S = 600.0
RIGHTS_ASK_TIMEOUT_S = 5.0  # the question's answer waited for this long, at most (then: allowed)
REMEMBERED_COMMANDS = 2000  # messages whose command is remembered, so an edit that keeps it is not run again
# a message without a command edited to name an artist (on_plain_edit) is acted on this soon after
# it was sent: a typo fixed at once. Later it is a caption tidied (a photo of last week's painted
# again, unasked); a command's edit ("/style monet") asks plainly, whenever it comes
PLAIN_EDIT_WITHIN_S = 600.0
# the number (layer.arrive) of the message whose handling this task is in: a /forgetme's forget
# hook reads it, to tell the user's albums sent before it (forgotten) from those sent after
HANDLED_SEQ: contextvars.ContextVar[int | None] = contextvars.ContextVar("telegram_handled_seq", default=None)
UNNAMED = "👤"               # a mention's text where the user's name is not known
MENU = {"style": "Paint your photo: /style gogh", "hq": "High quality: /hq monet", "mix": "Mix: /mix gogh 0.7 monet",
        "styles": "All artists", "preview": "Your photo in nine styles", "setstyle": "Default artist",
        "strength": "Strength 0..1", "keepcolors": "Keep the photo's colours", "size": "Output size",
        "lang": "Language: en / ko", "settings": "Your settings", "status": "The queue",
        "cancel": "Cancel your job", "help": "Help", "mydata": "Export your data", "forgetme": "Delete your data"}
MENU_KO = {"style": "사진 그리기: /style gogh", "hq": "고품질: /hq monet", "mix": "섞기: /mix gogh 0.7 monet",
           "styles": "화가 목록", "preview": "아홉 가지 화풍 미리보기", "setstyle": "기본 화가", "strength": "강도 0..1",
           "keepcolors": "원본 색 유지", "size": "출력 크기", "lang": "언어: en / ko", "settings": "내 설정",
           "status": "대기열", "cancel": "작업 취소", "help": "도움말", "mydata": "내 데이터 내보내기",
           "forgetme": "내 데이터 삭제"}


async def with_retries(call, patience: float | None = None, idempotent: bool = False):
    """``await call()``, again after Telegram's flood control (429: "retry after N s"), a dropped
    connection or a server error (5xx), which would otherwise lose a painting. Flood control is
    waited out as long as it says (asked again sooner, Telegram refuses again: capped at 30 s, a
    "retry after 40" lost the painting), the others after 1, 2, 4... s; given up when the next
    wait would end more than ``patience`` (SEND_PATIENCE_S) after the first try. Three tries in
    all, 3 s apart at most, lost a painting to a minute's outage or flood. A timeout is not
    retried: the message may have arrived, and a user would rather miss a duplicate than get one;
    unless the call is ``idempotent`` (a download)."""
    deadline = time.monotonic() + (SEND_PATIENCE_S if patience is None else patience)
    attempt = 0
    while True:
        attempt += 1
        try:
            return await call()
        except RetryAfter as exc:
            with warnings.catch_warnings():    # int now, timedelta in a later PTB: both are handled
                warnings.simplefilter("ignore", PTBDeprecationWarning)
                wait = exc.retry_after
            wait = wait.total_seconds() if hasattr(wait, "total_seconds") else float(wait)
            failed, why = exc, f"Telegram asks to wait {wait:.0f} s before the next message"
        except NetworkError as exc:
            if isinstance(exc, BadRequest) or (may_have_arrived(exc) and not idempotent) or \
                    "entity too large" in exc.message.lower():       # 413: the same file is refused again
                raise
            wait = min(RETRY_FIRST_WAIT_S * 2 ** (attempt - 1), RETRY_MAX_WAIT_S)
            failed, why = exc, f"sending to Telegram failed ({type(exc).__name__}: {exc.message})"
        if time.monotonic() + wait > deadline:
            log.warning("%s; giving the message up after %d tries", why, attempt)
            raise failed
        # said once a message: an outage of minutes is a dozen tries for each message under way
        log.log(logging.WARNING if attempt == 1 else logging.DEBUG, "%s; trying again in %.0f s", why, wait)
        await asyncio.sleep(wait)


def may_have_arrived(exc: NetworkError) -> bool:
    """Whether Telegram may have taken a call that failed: a timeout, or a connection lost after
    the request went out (a read, a write, the server closing it), where sending again would
    deliver a painting twice; not a connection never made (connect, the pool) nor an answer
    saying it failed (5xx, which Telegram gives for what it did not do)."""
    import httpx

    cause = exc.__cause__
    if isinstance(cause, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)):
        return False
    if isinstance(exc, TimedOut):
        return "pool timeout" not in exc.message.lower()      # (python-telegram-bot: "not sent")
    return isinstance(cause, httpx.HTTPError)


def refusal_cause(exc: TelegramError) -> str:
    """What a refused getUpdates means, for the operator."""
    text = exc.message.lower()
    if isinstance(exc, Conflict) and "other getupdates" in text:
        return "another bot instance is polling with this token"
    if isinstance(exc, Conflict) and "webhook" in text:
        return "a webhook is set for this token"
    return "Telegram refused getUpdates"


class RefusalLogged(logging.Filter):
    """python-telegram-bot logs a refused getUpdates with its traceback where it calls no
    error_callback: a revoked token's 401 in its polling loop (telegram/ext/_utils/networkloop.py,
    logger "telegram.ext"), and a 403 or 409 of its last getUpdates at stop (logger
    "telegram.ext.Updater"). The PollingWatch says those in one line; only these records are dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], (InvalidToken, Forbidden, Conflict)))


REFUSAL_LOGGED = RefusalLogged()


class PollingWatch(HTTPXRequest):
    """The connection getUpdates uses (ApplicationBuilder.get_updates_request), and start_polling's
    error_callback: it sees how every poll ends. python-telegram-bot ends polling on 401 (a revoked
    token) and retries 403 and 409 (a webhook set, another instance polling) for ever, logging a
    traceback each time: the bot would run on, deaf, or two bots take turns for ever. This says
    each in one line and calls ``on_refused(why)``: at once on 401; on refusals that keep coming
    for GIVE_UP_AFTER_S (quiet that long, a spell is over: a redeploy's overlap passes). Two bots
    take turns, each getting answers between the other's refusals, so answers do not end a spell."""

    def __init__(self, on_refused: Callable[[str], None], on_unreadable: Callable[[dict], None] | None = None):
        super().__init__(connection_pool_size=1)          # what the builder gives getUpdates
        self.on_refused = on_refused
        self.on_unreadable = on_unreadable                # an update skipped as unreadable (readable)
        self.bot = None                                   # the bot the updates are read for (set once built)
        self.refused_since: float | None = None           # this spell of refusals began
        self.refused_last = 0.0
        self.failing = False                              # the network: said once, until an answer
        self.ended = False                                # python-telegram-bot's polling ended by itself (401)

    async def post(self, *args, **kwargs):
        try:
            result = await super().post(*args, **kwargs)
        except InvalidToken as exc:                       # polling has ended already
            self.ended = True
            self.on_refused(f"Telegram refused the token, revoked perhaps ({exc.message})")
            raise
        if self.failing:
            self.failing = False
            log.info("polling Telegram works again")
        if isinstance(result, list) and str(args[0] if args else kwargs.get("url", "")).endswith("/getUpdates"):
            result = [self.readable(update) for update in result]
        return result

    def readable(self, update):
        """The update, or where python-telegram-bot cannot read it, the update without its content
        (its update_id alone: handled as nothing). python-telegram-bot reads a getUpdates batch
        whole (Update.de_list): one update it cannot read (a ChatMemberRestricted without
        can_edit_tag, as a Bot API server older than python-telegram-bot's sends it) failed the
        batch, which it logged CRITICAL, did not confirm, and fetched again at once, for ever: no
        later update was answered. Read here first (a few ms a batch), such an update is skipped
        with one warning, and ``on_unreadable`` given it (a my_chat_member still says the chat's
        rights changed)."""
        if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
            return update
        try:
            Update.de_json(copy.deepcopy(update), self.bot)
        except Exception as exc:
            kinds = ", ".join(k for k in update if k != "update_id") or "nothing"
            log.warning("python-telegram-bot could not read an update Telegram sent (%s: %s; it held %s); "
                        "it is skipped, the updates after it are handled", type(exc).__name__, exc, kinds)
            if self.on_unreadable is not None:
                self.on_unreadable(update)
            return {"update_id": update["update_id"]}
        return update

    def on_error(self, exc: TelegramError) -> None:
        """start_polling's error_callback (not for 401, 429 or timeouts, which python-telegram-bot
        handles itself), in place of its traceback at every retry."""
        if isinstance(exc, (Forbidden, Conflict)):
            now = time.monotonic()
            cause = refusal_cause(exc)
            if self.refused_since is None or now - self.refused_last >= GIVE_UP_AFTER_S:
                self.refused_since = now
                log.warning("%s (Telegram: %s); polling goes on for now", cause, exc.message)
            elif now - self.refused_since >= GIVE_UP_AFTER_S:
                self.on_refused(f"{cause}: getUpdates refused for {now - self.refused_since:.0f} s "
                                f"(Telegram: {exc.message})")
            self.refused_last = now
        elif not self.failing:
            self.failing = True
            log.warning("polling Telegram failed (%s: %s); retrying", type(exc).__name__, exc.message)


# what moves or sounds: nothing still to paint (an animated GIF comes as an "animation" and an mp4 "document")
MOVING_MEDIA = filters.VIDEO | filters.VOICE | filters.VIDEO_NOTE | filters.AUDIO | filters.ANIMATION


# what else a user may send that holds nothing to paint (a location, a contact, a poll, dice, a
# story forwarded, a paid photo the bot may not see): answered in a private chat as text is
NOTHING_TO_PAINT = (filters.LOCATION | filters.CONTACT | filters.POLL | filters.Dice.ALL | filters.STORY
                    | filters.GAME | filters.PAID_MEDIA | filters.CHECKLIST)


def album_command(text: str) -> str:
    """What an album's record keeps of its caption (ALBUM_COMMAND_KEPT characters at most) for
    its late photos to be painted as. A command's words come first and are short; what a long
    caption has after them is a note for people (the command layer reads "/style gogh" over a
    note as gogh, with it cut too), or, where its words run on, a request it refuses whole
    ("I don't know the style ...") and cut as well; chatter that long names no artist either
    (ArtistMentions reads a dozen words at most)."""
    return text[:ALBUM_COMMAND_KEPT]


def moving_media(msg: Message) -> bool:
    """Whether a message carries a video, a voice message, a video note, an audio file or an
    animation (MOVING_MEDIA): no picture to paint, and an animation's mp4 is not "not an image".
    Also a video or a recording sent as a file (a document whose type says so): it was downloaded,
    up to 20 MB, to be told "not an image"."""
    mime = (msg.document.mime_type or "").lower() if msg.document else ""
    return bool(msg.video or msg.voice or msg.video_note or msg.audio or msg.animation
                or mime.startswith(("video/", "audio/")))


PUBLIC_API = "https://api.telegram.org"
PUBLIC_DOWNLOAD_MB = 20     # the most a bot may download through Telegram's own Bot API (getFile)


def download_limit_mb(settings) -> float:
    """The largest file a user may send: MAX_UPLOAD_MB, but at most the 20 MB Telegram's own Bot
    API lets a bot download (a local Bot API server has no such limit). Above it, a 25 MB photo
    was "too large (? MB; the limit is 50 MB)"."""
    public = settings.TELEGRAM_API_BASE.rstrip("/") == PUBLIC_API
    return min(settings.MAX_UPLOAD_MB, PUBLIC_DOWNLOAD_MB) if public else settings.MAX_UPLOAD_MB


PUBLIC_UPLOAD_BYTES = 45 * 1024 * 1024     # a bot may send files up to 50 MB through Telegram's own Bot API
LOCAL_UPLOAD_BYTES = 2000 * 1000 * 1000    # and up to 2000 MB through a local Bot API server


def upload_limit(bot) -> int:
    """The largest file the bot may send: the public Bot API's 50 MB (less a margin for the
    request around it), a local Bot API server's 2000 MB."""
    return PUBLIC_UPLOAD_BYTES if str(getattr(bot, "base_url", PUBLIC_API)).startswith(PUBLIC_API) \
        else LOCAL_UPLOAD_BYTES


def split_zip(body: bytes, limit: int) -> list[bytes]:
    """A zip over ``limit`` bytes as several complete zips, each under it where its files allow
    (each file whole, compressed as it was, in its order): /mydata's zip of 20 kept photos sent as
    files is some 60-400 MB, and Telegram's Bot API took none of it (413) from a bot."""
    parts: list[tuple[io.BytesIO, zipfile.ZipFile]] = []
    size = limit
    with zipfile.ZipFile(io.BytesIO(body)) as whole:
        for info in whole.infolist():
            need = info.compress_size + 2 * (len(info.filename.encode()) + 100)    # the entry and its headers
            if size + need > limit and (not parts or size > 22):
                buffer = io.BytesIO()
                parts.append((buffer, zipfile.ZipFile(buffer, "w")))
                size = 22                                       # the end of the central directory
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            entry.external_attr = info.external_attr
            parts[-1][1].writestr(entry, whole.read(info), compress_type=info.compress_type)
            size += need
    for _, part in parts:
        part.close()
    return [buffer.getvalue() for buffer, _ in parts]


PHOTO_MAX_RATIO = 20       # sendPhoto takes no picture whose one side is more than this times the other


def fits_a_photo(jpeg: bytes) -> bool:
    """Whether Telegram takes the picture as a photo: at most 10 MB, width + height at most 10000,
    neither side more than 20 times the other (sendPhoto); else it goes as a file."""
    try:
        with Image.open(io.BytesIO(jpeg)) as im:
            w, h = im.size
    except Exception:
        return True                     # not ours to judge: Telegram says
    return len(jpeg) <= 10 * 1024 * 1024 and w + h <= 10_000 and photo_shaped(w, h)


def photo_shaped(w: int, h: int) -> bool:
    """Whether a picture of this shape goes as a photo: a painting keeps its photo's shape, and
    one over PHOTO_MAX_RATIO:1 (a strip) goes as a file (fits_a_photo)."""
    return max(w, h) <= PHOTO_MAX_RATIO * min(w, h)


def photo_shapes(messages: list[Message]) -> list[tuple[int, int]] | None:
    """The (width, height) of the photos of a message (an album), which Telegram gives with them
    (the largest size); None where one is a file or a sticker, whose size is known only once
    downloaded, or there is none."""
    if not messages or not all(m.photo for m in messages):
        return None
    return [(m.photo[-1].width, m.photo[-1].height) for m in messages]


def callback_data(command: str) -> str:
    """A button's command within Telegram's 64 bytes (not characters): the "#<ref>" it ends with
    is kept whole, since it names what the button acts on; the words before it give way."""
    if len(command.encode()) <= 64:
        return command
    found = PAINTING_REF.search(command)
    tail = found.group(0) if found else ""
    head = command[:found.start()] if found else command
    room = 64 - len(tail.encode())
    while len(head.encode()) > room:
        head = head[:-1]
    return head + tail


def painting_ref(msg: Message) -> str | None:
    """The job id the buttons under one of the bot's paintings carry ("/stronger #<id>"), if any.
    A replied-to message may come without them: the Bot API documents a Message's reply_markup
    as optional and promises nothing of the one in reply_to_message (TelegramFrontend.ref_of)."""
    markup = msg.reply_markup
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            found = PAINTING_REF.search(button.callback_data) if isinstance(button.callback_data, str) else None
            if found:
                return found.group(1)
    return None


def buttons_ref(reply: Reply) -> str | None:
    """The job id (or photo hash) a reply's buttons name, as painting_ref reads it once sent."""
    for row in reply.buttons:
        for button in row:
            found = PAINTING_REF.search(button.command)
            if found:
                return found.group(1)
    return None


def mentioning(text: str, user_id: int, name: str) -> tuple[str, list[MessageEntity]]:
    """``text`` after a mention of the user (their name, linked as tg://user?id=, which notifies
    them as an @username does, also users without one), and the mention's entity."""
    length = len(name.encode("utf-16-le")) // 2          # Telegram counts entities in UTF-16 units
    return (f"{name} {text}" if text else name,
            [MessageEntity(MessageEntity.TEXT_LINK, 0, length, url=f"tg://user?id={user_id}")])


# what Telegram says when a reply's forum topic was deleted or closed (TelegramResponder.send)
TOPIC_GONE = ("thread not found", "topic_closed", "topic_deleted")


def media_refused(exc: BadRequest) -> bool:
    """Whether Telegram refused a photo or a file because the bot may not post media in the chat
    (a group's admins took the right away): "not enough rights to send photos to the chat", the
    same of documents. Asked again, it refuses again."""
    text = exc.message.lower()
    return "not enough rights" in text and any(w in text for w in ("photo", "document", "media"))


def text_refused(exc: BadRequest) -> bool:
    """Whether Telegram refused a message because the bot may not send text in the chat (a group's
    admins took the right away): "not enough rights to send text messages to the chat"."""
    text = exc.message.lower()
    return "not enough rights" in text and "text message" in text


class ChatRefusals:
    """The chats that refused something of the bot's (photos, files, or text), each for
    REFUSAL_KEPT_S or until something of the kind goes through there, REFUSALS_KEPT at most.
    Each is tried again (due) PROBE_AFTER_S after its last refusal or try: a right given back is
    found out in a minute, not in ten. A refusal Telegram said of the bot's rights (getChatMember,
    my_chat_member: ``rights``) is told apart (by_rights): it is tried again by asking again, not
    by painting."""

    def __init__(self, keep_s: float = REFUSAL_KEPT_S, most: int = REFUSALS_KEPT, probe_s: float = PROBE_AFTER_S,
                 clock: Callable[[], float] = time.monotonic):
        self.keep_s, self.most, self.probe_s, self.clock = keep_s, most, probe_s, clock
        # (not a bounded.Newest: a chat dropped past ``most`` takes its _tried and _by_rights with it)
        self._until: OrderedDict[int, float] = OrderedDict()
        self._tried: dict[int, float] = {}      # chat -> when it last refused, or was last tried
        self._by_rights: set[int] = set()       # chats whose refusal Telegram said of the bot's rights

    def note(self, chat: int, rights: bool = False) -> bool:
        """Remember the chat's refusal; whether it is news (not held already). ``rights``: Telegram
        said it of the bot's rights there; a refused send keeps what was said so (it agrees)."""
        new = not self.holds(chat)
        now = self.clock()
        self._until[chat], self._tried[chat] = now + self.keep_s, now
        self._until.move_to_end(chat)
        if rights:
            self._by_rights.add(chat)
        elif new:
            self._by_rights.discard(chat)
        while len(self._until) > self.most:
            old = self._until.popitem(last=False)[0]
            self._tried.pop(old, None)
            self._by_rights.discard(old)
        return new

    def by_rights(self, chat: int) -> bool:
        """Whether the chat's refusal, held, is Telegram's word of the bot's rights there."""
        return self.holds(chat) and chat in self._by_rights

    def holds(self, chat: int) -> bool:
        until = self._until.get(chat)
        if until is not None and self.clock() >= until:
            self.clear(chat)
            until = None
        return until is not None

    def due(self, chat: int) -> bool:
        """Whether the chat, held, is to be tried again (PROBE_AFTER_S since its last refusal or try)."""
        return self.holds(chat) and self.clock() - self._tried.get(chat, 0.0) >= self.probe_s

    def trying(self, chat: int) -> None:
        """One request goes to find out: the next try is PROBE_AFTER_S later."""
        if self.holds(chat):
            self._tried[chat] = self.clock()

    def clear(self, chat: int) -> None:
        self._until.pop(chat, None)
        self._tried.pop(chat, None)
        self._by_rights.discard(chat)


def sender_id(msg: Message) -> str:
    """Who sent a message, as a Request's user_id: its user, or the chat it was sent on behalf of
    (Message.sender_chat). An anonymous group admin's messages come from GroupAnonymousBot and a
    user posting as their channel's from Channel_Bot: one user each for everyone doing so in every
    group, so their /addstyle was refused ("only admins") and their photos, settings and
    /forgetme shared. "" where there is neither."""
    if msg.sender_chat is not None:
        return f"tg:{msg.sender_chat.id}"
    return f"tg:{msg.from_user.id}" if msg.from_user else ""


class UnsureLine:
    """The handle of a progress line Telegram may have taken (its send timed out, or the connection
    dropped after the request went out): its message id is unknown, so it cannot be edited. Its
    statuses along the way go nowhere; its outcome ("✅ done", "❌ failed") is sent as a new message,
    once: the line, if it arrived, stayed at "waiting in line" above the painting for good."""

    def __init__(self):
        self.told = False


class TelegramResponder:
    def __init__(self, bot, chat_id: int, reply_to: int | None = None, thread_id: int | None = None,
                 on_sent: Callable[[int, int, Reply], Awaitable[None]] | None = None,
                 mention: tuple[int, str] | None = None, refused: dict[str, ChatRefusals] | None = None,
                 on_painting: Callable[[], None] | None = None):
        self.bot, self.chat_id, self.reply_to, self.thread_id = bot, chat_id, reply_to, thread_id
        self.first_chat = chat_id       # where it began; chat_id follows a group upgraded to a supergroup
        self.sent_in: dict[int, int] = {}   # message id -> the chat it was sent to
        self.on_sent = on_sent          # (chat, message id, reply) of each message sent
        self.mention = mention          # (user id, name): each message sent begins by mentioning them
        # the front-end's chats that refused "photo", "document" or "text" (TelegramFrontend.refused):
        # noted at a refusal of that kind of message (_send), cleared when one of the kind goes through
        self.refused = refused
        self.on_painting = on_painting  # a painting of the request sent (TelegramFrontend._painting_sent)

    def _markup(self, reply: Reply):
        if not reply.buttons:
            return None
        return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=callback_data(b.command))
                                      for b in row] for row in reply.buttons])

    async def send(self, reply: Reply) -> int:
        if not (reply.image or reply.document) and self._text_forbidden():
            # (a setting's or /cancel's answer in a muted group: sent each time, refused each time)
            if reply.progress:
                line = UnsureLine()
                line.told = True
                return line
            raise ChatUnreachable("Telegram said the bot may not send text messages in this chat")
        try:
            sent = await self._deliver(reply)
        except Forbidden as exc:          # blocked by the user, removed from the group
            raise ChatUnreachable(exc.message) from exc
        except BadRequest as exc:
            if "chat not found" in exc.message.lower():
                raise ChatUnreachable(exc.message) from exc
            if media_refused(exc):        # said so, in text: "could not send, ask again" would fail again
                log.info("Telegram refused a picture or file: the bot may not post media in this chat (%s)",
                         exc.message)
                raise BotError("no_media_rights") from exc
            if text_refused(exc):         # the bot may not write there: asked again, it refuses again
                if self.refused is None or self.refused["text"].note(self.chat_id):
                    log.info("the bot may not send text messages in chat %s (Telegram: %s); nothing is said "
                             "there for %.0f min, and only paintings whose picture may still go are painted",
                             self.chat_id, exc.message, REFUSAL_KEPT_S / 60)
                if reply.progress:        # the painting goes on: a chat may take pictures and not text
                    line = UnsureLine()
                    line.told = True      # (its outcome, text, is not tried either)
                    return line
                raise ChatUnreachable(exc.message) from exc
            raise
        except NetworkError as exc:       # (BadRequest is one: above)
            if may_have_arrived(exc):
                if reply.progress:        # a line that may be there: its outcome comes as a new message
                    log.warning("a progress line may not have arrived (%s: %s); its outcome will come as a "
                                "message of its own", type(exc).__name__, exc.message)
                    return UnsureLine()
                # (not counted as sent: at a stop its user is asked to send it again; a painting
                # twice beats none)
                raise MaybeDelivered(f"{type(exc).__name__}: {exc.message}") from exc
            raise
        self._painting_out(reply)
        return sent

    def _painting_out(self, reply: Reply) -> None:
        """A painting (not a file, a line) went out, Telegram said so: the front-end is told
        (on_painting). Not one that may have (MaybeDelivered): its user may have none."""
        if reply.image and self.on_painting is not None:
            self.on_painting()

    async def _deliver(self, reply: Reply, split: bool = True) -> int:
        """``split``: a zip over the upload limit goes as several (not a part of one again: a
        single file over the limit made parts of one part, for ever). A picture goes as a file
        at once where the chat refuses photos and not files (ChatRefusals): it was tried as a
        photo each time, refused, then sent as a file, two uploads. Where it refuses both (the
        minute's try, _try_again) the photo is tried first: photos given back are found out."""
        # a panorama (Telegram refuses it as a photo), or a chat that takes files and not photos
        if reply.image and (not fits_a_photo(reply.image) or self._photos_refused()):
            reply = Reply(reply.text, buttons=reply.buttons, document=("painting.jpg", reply.image))
        if split and reply.document and reply.document[0].endswith(".zip") and \
                len(reply.document[1]) > upload_limit(self.bot):
            return await self._send_in_parts(reply)
        try:
            msg = await self._send(reply)
        except ChatMigrated as exc:
            # the group became a supergroup (a new id) while the user waited: their painting goes
            # there, where the chat is now, as do this responder's later replies; it was lost
            log.info("the chat was upgraded to a supergroup; sending there")
            self.chat_id, self.thread_id = exc.new_chat_id, None
            msg = await self._send(reply)
        except BadRequest as exc:
            if self.thread_id is not None and any(w in exc.message.lower() for w in TOPIC_GONE):
                # the topic was deleted (or closed) while the user waited: the chat's main topic
                # then, for this reply and the later ones; the painting was lost with its error reply
                log.info("the topic of a reply is gone (%s); sending to the chat's main topic", exc.message)
                self.thread_id = None
                return await self._deliver(reply, split)
            # Telegram could not take the painting as a photo for a reason fits_a_photo does not
            # know (IMAGE_PROCESS_FAILED, PHOTO_INVALID_DIMENSIONS): as a file, not lost
            if not reply.image or not any(w in exc.message.lower() for w in ("photo", "image")):
                raise
            log.info("Telegram refused the painting as a photo (%s); sending it as a file", exc.message)
            msg = await self._send(Reply(reply.text, buttons=reply.buttons, document=("painting.jpg", reply.image)))
        if self.on_sent is not None:
            await self.on_sent(self.chat_id, msg.message_id, reply)
        self.sent_in[msg.message_id] = self.chat_id
        return msg.message_id

    def _text_forbidden(self) -> bool:
        """Whether Telegram said the bot may not send text in the chat (its rights: getChatMember,
        getChat, my_chat_member), as the front-end holds it (_refused_up_front asks again)."""
        return self.refused is not None and self.refused["text"].by_rights(self.chat_id)

    def _photos_refused(self) -> bool:
        """Whether the chat refuses the bot's photos and takes its files, as far as is known."""
        return self.refused is not None and self.refused["photo"].holds(self.chat_id) and \
            not self.refused["document"].holds(self.chat_id)

    async def _send_in_parts(self, reply: Reply) -> int:
        """A zip too large for Telegram (/mydata) as several, "mydata-1-of-3.zip"..., the reply's
        text on the first; the first one's message id."""
        name, body = reply.document
        parts = await asyncio.to_thread(split_zip, body, upload_limit(self.bot))
        log.info("a %.0f MB zip goes as %d files, within Telegram's upload limit", len(body) / 1e6, len(parts))
        first = None
        unsure: NetworkError | None = None
        for n, part in enumerate(parts, 1):
            named = f"{name.removesuffix('.zip')}-{n}-of-{len(parts)}.zip"
            try:
                handle = await self._deliver(Reply(reply.text if n == 1 else "",
                                                   buttons=reply.buttons if n == 1 else [],
                                                   document=(named, part)), split=False)
            except NetworkError as exc:
                if isinstance(exc, BadRequest) or not may_have_arrived(exc):
                    raise
                # Telegram may have taken this part (not sent again): the later ones still go; they
                # stopped unsaid, and the user had the first parts of an export and no word of the rest
                log.warning("part %d of %d of a zip may not have arrived (%s: %s); not sent again, the "
                            "others go on", n, len(parts), type(exc).__name__, exc.message)
                unsure = exc
                continue
            first = handle if first is None else first
        if first is None and unsure is not None:
            raise unsure                # none surely sent: MaybeDelivered (send)
        return first

    async def _send(self, reply: Reply) -> Message:
        """Sent as a photo, a file or text; a refusal for want of rights noted of its kind (the
        chat's next paintings are refused before painting where both photos and files are: a
        group that takes photos and not files still gets every painting but a strip, which goes
        as a file), and the kind cleared when one goes through."""
        kind = "photo" if reply.image else "document" if reply.document else "text"
        try:
            msg = await self._send_as(reply)
        except BadRequest as exc:
            if self.refused is not None and kind != "text" and media_refused(exc):
                said = exc.message.lower()      # ("... to send media": photos and files both)
                for refused in ("photo", "document") if "photo" not in said and "document" not in said else (kind,):
                    self.refused[refused].note(self.chat_id)
            raise
        if self.refused is not None:      # it went through: the chat takes these again
            self.refused[kind].clear(self.chat_id)
        return msg

    async def _send_as(self, reply: Reply) -> Message:
        kw = dict(chat_id=self.chat_id, reply_markup=self._markup(reply), message_thread_id=self.thread_id)
        if self.reply_to:
            kw["reply_parameters"] = ReplyParameters(self.reply_to, allow_sending_without_reply=True)
        text, entities = mentioning(reply.text, *self.mention) if self.mention else (reply.text, None)
        if reply.image:
            return await with_retries(lambda: self.bot.send_photo(photo=reply.image, caption=text[:1024] or None,
                                                                  caption_entities=entities, **kw))
        if reply.document:
            name, body = reply.document
            return await with_retries(lambda: self.bot.send_document(document=body, filename=name,
                                                                     caption=text[:1024] or None,
                                                                     caption_entities=entities, **kw))
        return await with_retries(lambda: self.bot.send_message(text=text[:4096], entities=entities, **kw))

    async def edit(self, handle: int | UnsureLine, reply: Reply) -> None:
        """In the chat it was sent to: after a move to a supergroup, that message is not in the new
        one. A line's outcome ("✅ done", an error) is tried again as a reply is (with_retries): under
        flood control the line stayed at "waiting in line" above the painting. A status along the
        way is not: the next one replaces it. A line whose send may have arrived (UnsureLine): its
        outcome as a new message (may that one be lost too, it is not sent again)."""
        if isinstance(handle, UnsureLine):
            if reply.progress or handle.told:
                return
            handle.told = True
            with contextlib.suppress(MaybeDelivered):
                await self.send(Reply(reply.text, buttons=reply.buttons))
            return
        def edit():
            return self.bot.edit_message_text(reply.text[:4096], chat_id=self.sent_in.get(handle, self.first_chat),
                                              message_id=handle, reply_markup=self._markup(reply))
        # (a few seconds at most: the painting waits for its line's outcome, and the user's slot with it)
        await (edit() if reply.progress else with_retries(edit, patience=OUTCOME_EDIT_PATIENCE_S))


class HandlingTracked(SimpleUpdateProcessor):
    """python-telegram-bot's processor of concurrent updates, keeping the task handling each update
    (``handling``: task -> update) so that a stop can wait for them with a limit and cut off the
    rest (TelegramFrontend._handlers_ended). Once ``closing``, an update that begins is not
    handled but kept in ``turned_away`` for its user to be told: python-telegram-bot calls
    do_process_update only once one of its max_concurrent_updates places is free, so the updates
    waiting for one are in no list here, and began, unbounded, under Application.stop."""

    def __init__(self, max_concurrent_updates: int):
        super().__init__(max_concurrent_updates)
        self.handling: dict[asyncio.Task, object] = {}
        self.closing = False
        self.turned_away: list[object] = []

    async def do_process_update(self, update: object, coroutine) -> None:
        if self.closing:
            self.turned_away.append(update)
            if hasattr(coroutine, "close"):     # never awaited: closed, without a warning
                coroutine.close()
            return
        task = asyncio.current_task()
        self.handling[task] = update
        try:
            await coroutine
        finally:
            self.handling.pop(task, None)


def messages_of(handled: object) -> list[Message]:
    """What a handler cut off by a stop was handling (HandlingTracked's update, an album
    flush's messages): the users' messages to answer; none for a button's tap and the like."""
    if isinstance(handled, list):
        return sorted(handled, key=lambda m: m.message_id)
    if isinstance(handled, Update) and handled.effective_chat is not None and \
            handled.effective_chat.type != ChatType.CHANNEL:
        msg = handled.message or handled.edited_message
        return [msg] if msg is not None else []
    return []


def cut_off_of(handled: object) -> list[Message] | CallbackQuery:
    """What its user is told of about an update (or album) a stop cut off: its messages
    (messages_of), or a button's tap, answered under the message it was tapped on."""
    if isinstance(handled, Update) and handled.callback_query is not None and (
            handled.effective_chat is None or handled.effective_chat.type != ChatType.CHANNEL):
        return handled.callback_query
    return messages_of(handled)


def photos_in(what: list[Message] | CallbackQuery) -> int:
    """How many photos an update (or album) cut off has to paint, as cut_off_of gives it: its
    messages with a photo or a file (at least one: a text, a tap paints one)."""
    if not isinstance(what, list):
        return 1
    return max(1, sum(1 for message in what if message.photo or message.document))


@dataclasses.dataclass
class CutOff:
    """An update (or album) a stop cut off, for its user to be told: its messages, or a button's
    tap (cut_off_of), and what they are told (an album's photos after one held over: others)."""
    what: list[Message] | CallbackQuery
    key: str = "busy_restarting"
    params: dict = dataclasses.field(default_factory=dict)


def chats_of(handled) -> str:
    """The chats of updates (or an album's messages), for a log line: "chats 1, -100123" (those it names)."""
    chats = sorted({str(u.effective_chat.id) for u in handled if isinstance(u, Update) and u.effective_chat} |
                   {str(m[0].chat_id) for m in handled if isinstance(m, list) and m})
    return f"chats {', '.join(chats)}" if chats else "no chat named"


class TelegramFrontend:
    def __init__(self, layer: CommandLayer, settings: Settings, on_fatal: Callable[[str], None] | None = None):
        quiet_http_logs()
        token = settings.TELEGRAM_TOKEN.get_secret_value()
        redact(token, token.replace(":", "%3A"))
        self.layer, self.settings = layer, settings
        for name in ("telegram.ext", "telegram.ext.Updater"):
            logging.getLogger(name).addFilter(REFUSAL_LOGGED)          # added once, however many front-ends
        base = settings.TELEGRAM_API_BASE.rstrip("/")
        self.watch = PollingWatch(self._polling_failed, self._unreadable)
        self.handling = HandlingTracked(CONCURRENT_UPDATES)
        self.app = (Application.builder().token(token)
                    .base_url(f"{base}/bot").base_file_url(f"{base}/file/bot")
                    .local_mode(settings.TELEGRAM_LOCAL_MODE)
                    .get_updates_request(self.watch)
                    .concurrent_updates(self.handling).build())
        self.watch.bot = self.app.bot
        self.on_fatal = on_fatal        # polling has failed for good: the owner stops the bot
        self.failed: str | None = None
        self._albums: dict[tuple, dict] = {}
        # an album's flush under way (task -> the album's messages): created here, not by
        # python-telegram-bot, so a stop waits for them as for its handlers (_handlers_ended)
        self._flushing: dict[asyncio.Task, list[Message]] = {}
        # handlers that reached layer.handle -> the request handed to it (_handed_over)
        self._with_layer: dict[asyncio.Task, Request] = {}
        # handlers of a numbered message -> its number (_numbered), for a stop that cuts one off
        # before the layer took it: a /forgetme may have dropped it already (_cut_off_word)
        self._numbered_tasks: dict[asyncio.Task, int] = {}
        # handlers a painting of whose request was sent (_painting_sent): cut off, its user is told
        # to send again only the photos whose paintings they did not get (cut_off_word)
        self._painted_tasks: set[asyncio.Task] = set()
        # (chat, media group) -> the record of an album seen lately (_album_seen), for its photos
        # still to come (a slow upload's, after it was handled): {"user": its sender, "seq": the
        # number its first photo took, "until": when the record goes, "forgotten": a /forgetme of
        # its sender came after it (its photos still on their way are dropped, not kept or offered
        # the artist buttons after "Done: I deleted ..."), "handled": None, or once handled with a
        # command {"text": its caption as album_command keeps it, "at"}, which its late photos are
        # painted as, "under_way": how many of its gatherings (its own, its late photos') are not
        # over (gathered, downloaded, painted), "cancelled": the number of its sender's /cancel
        # that came meanwhile (_albums_cancelled)}
        self._recent_albums: Newest = Newest(ALBUM_RECORDS_KEPT)
        self._albums_expiry: asyncio.TimerHandle | None = None     # when the oldest record is looked at again
        # (chat, message id) -> whom a message of the bot's with buttons was for: an anonymous
        # admin's (the group's) taps there are the group's (_groups_message)
        self._sent_for: Newest = Newest(REMEMBERED_COMMANDS, refresh=False)
        # a message's number -> (its sender, its chat, set once its files are downloaded and it is
        # with the layer): a later "/style" in that chat waits for the photos before it (_after_fetches)
        self._fetching: dict[int, tuple[str, int, asyncio.Event]] = {}
        # (chat, message id) -> what was acted on: the messages (an album's all) and their command
        self._acted: Newest = Newest(REMEMBERED_COMMANDS)
        # chats that refused the bot's photos ("photo"), files ("document") or text ("text") lately
        # (its responders note them): their painting requests are refused before painting
        # (_refused_up_front), but for one a minute that tries again
        # (on the command layer's clock, as the layer's own "said once a burst" refusals)
        clock = lambda: self.layer.clock()      # noqa: E731 (read at each call: a test may set it)
        self.refused = {kind: ChatRefusals(clock=clock) for kind in ("photo", "document", "text")}
        self._media_told = SaidLately(QUIET_REFUSALS_S, REFUSALS_KEPT, clock=clock)   # (chat, user) told so
        # group -> when the bot last asked Telegram for its rights there (_ask_rights: the window's
        # question or the minute's, _ask_again), and the question under way (the requests that
        # come meanwhile wait for its answer)
        self._rights_asked: Newest = Newest(REFUSALS_KEPT)
        self._rights_asking: dict[int, asyncio.Future] = {}
        # groups whose rights changed (my_chat_member) while a question was under way: its answer,
        # read before the change, is not noted (it refused the pictures an admin had just given back)
        self._rights_stale: set[int] = set()
        layer.forget_hooks.append(self.forget)          # /forgetme: their messages are not kept either
        self.username: str | None = None
        new = filters.UpdateType.MESSAGE
        names = list(dict.fromkeys(layer.COMMAND_NAMES + ["pick"] + [a.slug for a in layer.catalog.artists]))
        for name in names:
            self.app.add_handler(CommandHandler(name, self.on_message, filters=new))
        # before the documents': an animation is one too; its caption ("/style gogh") is answered
        # "still pictures only" (_dispatch_numbered), as are videos, voice messages, audio
        self.app.add_handler(MessageHandler(new & MOVING_MEDIA, self.on_message))
        self.app.add_handler(MessageHandler(new & (filters.PHOTO | filters.Document.ALL | filters.Sticker.ALL),
                                            self.on_message))
        self.app.add_handler(MessageHandler(new & filters.TEXT, self.on_message))   # other commands, plain text
        # ("Send me a photo ...": in a private chat a location or a poll got no answer at all)
        self.app.add_handler(MessageHandler(new & filters.ChatType.PRIVATE & NOTHING_TO_PAINT, self.on_message))
        self.app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, self.on_migrated))
        # an edit with a command (a typo fixed) is acted on like a new message; edited chatter is not
        commanded = filters.Regex(r"^\s*/") | filters.CaptionRegex(r"^\s*/")
        self.app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE & commanded, self.on_edit))
        # ... nor one that now names an artist to paint ("gohg" fixed to "gogh" under a photo)
        self.app.add_handler(MessageHandler(
            filters.UpdateType.EDITED_MESSAGE & (filters.TEXT | filters.CAPTION) & ~commanded, self.on_plain_edit))
        self.app.add_handler(CallbackQueryHandler(self.on_button))
        self.app.add_handler(ChatMemberHandler(self.on_my_rights, ChatMemberHandler.MY_CHAT_MEMBER))
        self.app.add_error_handler(self.on_error)

    async def start(self) -> None:
        if download_limit_mb(self.settings) < self.settings.MAX_UPLOAD_MB:
            log.warning("MAX_UPLOAD_MB is %g, but Telegram's Bot API lets a bot download at most %d MB: "
                        "larger files are refused (a local Bot API server, TELEGRAM_API_BASE, lifts it)",
                        self.settings.MAX_UPLOAD_MB, PUBLIC_DOWNLOAD_MB)
        await self.app.initialize()                      # getMe
        self.username = self.app.bot.username
        self.handling.closing = False   # (a start again after a stop handles its updates again)
        await self.app.start()
        try:
            await self.app.bot.set_my_commands([BotCommand(k, v) for k, v in MENU.items()])
            await self.app.bot.set_my_commands([BotCommand(k, v) for k, v in MENU_KO.items()], language_code="ko")
        except TelegramError:
            log.warning("could not set the command menu")
        await self.app.updater.start_polling(
            allowed_updates=[Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER],
            poll_interval=0.0, timeout=10, error_callback=self.watch.on_error)

    def _polling_failed(self, why: str) -> None:
        if self.failed:                 # 409 comes again at every retry; say it once
            return
        self.failed = why
        log.error("%s: polling has failed for good, so the bot exits", why)
        if self.on_fatal:
            self.on_fatal(why)

    async def stop_receiving(self) -> None:
        """Fetch no more updates; what was fetched is still handled and replies still go out.
        Called when a stop begins: messages sent during the drain wait at Telegram for the next
        instance (instead of being answered "restarting, send it again"), and a new instance
        polling already meets no conflict. Not when polling has ended by itself (a revoked token):
        its task is still ending with that error, which stop() collects. (An instance that gave up
        on 409 conflicts does stop here: it would take the updates meant for the other.)"""
        if not self.watch.ended:
            await self._stop_polling()

    async def _stop_polling(self) -> None:
        if self.app.updater and self.app.updater.running:
            try:
                await self.app.updater.stop()
            except TelegramError:       # polling had ended with it (a revoked token): close the rest anyway
                pass

    async def stop(self) -> None:
        await self._stop_polling()
        if self.app.running:
            untold = await self._handlers_ended(HANDLERS_STOP_WAIT_S)
            await self.app.stop()       # (quick: what begins now is turned away)
            untold += self._turned_away()
            await self._tell_cut_off(untold)
        await self.app.shutdown()
        # a start whose getMe failed left the Application uninitialised, so its shutdown returned
        # early: the bot's HTTP clients stayed open through the retries. The bot's own shutdown
        # closes them (nothing where they are closed already; a retry's initialize opens them anew)
        await self.app.bot.shutdown()
        if self._albums_expiry is not None:     # (the records go with the front-end)
            self._albums_expiry.cancel()
            self._albums_expiry = None

    async def _handlers_ended(self, limit: float) -> list[CutOff]:
        """Wait up to ``limit`` s for the updates still being handled (those fetched before polling
        stopped too) and the albums still gathered, then cancel what is left, so that
        Application.stop, which waits for them with no limit, returns at once. Their users are
        told to send it again (busy_restarting, as the jobs still waiting are): a job is never
        lost without a word. Returns what to tell whom (_cut_off_word; stop tells them, with
        the updates turned away meanwhile)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        while (self.handling.handling or self._flushing) and loop.time() < deadline:
            await asyncio.wait([*self.handling.handling, *self._flushing], timeout=deadline - loop.time())
        # from now on an update that begins (one that waited for a place the cut-off free) is not
        # handled: under Application.stop it was waited for with no limit
        self.handling.closing = True
        cut = {**self.handling.handling, **self._flushing}
        if not cut:
            return []
        log.warning("stopping: %d Telegram update(s) still being handled after %g s cut off (%s); "
                    "their users are asked to send them again", len(cut), limit, chats_of(cut.values()))
        # (read before the cancel: their records go as the tasks end)
        taken = {task: self._with_layer.get(task) for task in cut}
        numbered = {task: self._numbered_tasks.get(task) for task in cut}
        painted = {task for task in cut if task in self._painted_tasks}
        for task in cut:
            task.cancel()
        await asyncio.gather(*cut, return_exceptions=True)
        # (after the cancel: the layer notes what it held over as a handling ends)
        told = [self._cut_off_word(handled, taken[task], numbered[task], task in painted)
                for task, handled in cut.items()]
        return [word for word in told if word is not None]

    def _cut_off_word(self, handled: object, req: Request | None, seq: int | None, painted: bool) -> CutOff | None:
        """What the user of an update cut off by a stop is told (cut_off_word, as on Discord and the
        web chat), or None. ``req``: the request the layer had taken, if it had; ``seq``: the
        message's number, if it had one; ``painted``: a painting of it was sent (_painting_sent).
        A painting whose upload was cut off is told: the journal marked it delivered as the queue
        handed it over, and never delivers it again."""
        seq = req.seq if req is not None and req.seq is not None else seq
        what = cut_off_of(handled)
        word = cut_off_word(self.layer, seq, painting_sent=painted, photos=photos_in(what))
        if word is None:
            return None
        key, params = word
        return CutOff(what, key, params)

    def _turned_away(self) -> list[CutOff]:
        """The messages of the updates that began after the stop's wait (HandlingTracked.closing),
        logged: their users are told as those cut off are."""
        away, self.handling.turned_away = self.handling.turned_away, []
        if away:
            log.warning("stopping: %d Telegram update(s) not yet begun turned away (%s); their users "
                        "are asked to send them again", len(away), chats_of(away))
        return [CutOff(cut_off_of(update)) for update in away]

    async def _tell_cut_off(self, cut: list[CutOff]) -> None:
        """Each one's words (busy_restarting mostly), in its user's language, as a reply to each
        message (an album: its first) the stop cut off where it was for the bot (as _say_failed
        reads it: a private chat, a command of ours, a mention), and to each button's tap, under
        the message tapped; one try each, all within CUT_OFF_TELL_S."""
        async def tell(messages: list[Message], key: str, params: dict) -> None:
            first = messages[0]
            text = (next((m.text or m.caption for m in messages if m.text or m.caption), "") or "").strip()
            req = self._said_request(first, text)
            if not self.layer.ours_without_store(req):
                return
            topic = first.message_thread_id if first.is_topic_message else None
            await say(req, first.chat_id, first.message_id, topic, key, params)

        async def tell_tap(query: CallbackQuery, key: str, params: dict) -> None:
            message = query.message     # (None under an inline-mode message: then the private chat)
            chat = message.chat if message is not None else None
            topic = message.message_thread_id if isinstance(message, Message) and message.is_topic_message else None
            req = self._request(query.from_user, chat, query.data or "", topic)
            await say(req, chat.id if chat is not None else query.from_user.id,
                      message.message_id if message is not None else None, topic, key, params)

        async def say(req: Request, chat: int, reply_to: int | None, topic: int | None, key: str,
                      params: dict) -> None:
            if self.refused["text"].holds(chat):
                return
            try:
                lang = self.layer.lang_of(req)
            except Exception:           # (the store may be what fails at a stop)
                lang = self.layer.lang_without_store(req)
            replied = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to is not None else None
            await self.app.bot.send_message(chat, t(lang, key, **params), message_thread_id=topic,
                                            reply_parameters=replied)

        told = [tell_tap(item.what, item.key, item.params) if isinstance(item.what, CallbackQuery)
                else tell(item.what, item.key, item.params) for item in cut
                if isinstance(item.what, CallbackQuery) or (item.what and item.what[0].from_user is not None)]
        if not told:
            return
        try:
            results = await asyncio.wait_for(asyncio.gather(*told, return_exceptions=True), CUT_OFF_TELL_S)
        except asyncio.TimeoutError:
            log.warning("stopping: could not tell every user cut off within %g s", CUT_OFF_TELL_S)
            return
        failed = [r for r in results if isinstance(r, Exception)]
        if failed:
            log.warning("stopping: %d user(s) cut off could not be told (%s)", len(failed),
                        ", ".join(sorted({type(e).__name__ for e in failed})))

    async def deliver(self, chat_id: str, replies: list[Reply], line: int | None = None,
                      user_id: str | None = None, origin: dict | None = None) -> None:
        """Send replies to a chat outside any update (a job's result after a restart). ``line``:
        the job's progress message from before the restart, which the first reply (its outcome)
        replaces, instead of a new line under one stuck at "painting… 40%". ``user_id``: whom it
        is for. In a group each message sent mentions them (a live job's replies answer their
        message, which notifies them; these answered nothing, and nobody was told), into the
        request's topic; ``origin`` (the request's, _request) names them and the topic.
        A mention rather than a reply to their message: that message may be gone since."""
        chat = int(chat_id.removeprefix("tg:"))
        origin = origin or {}
        user = user_id.removeprefix("tg:") if user_id else ""
        mention = None
        if user.isdecimal() and int(user) != chat:       # a private chat's id is its user's: no need there
            mention = (int(user), display_name(origin.get("name")) or await self._name_of(chat, int(user)))
        thread = origin.get("thread") if isinstance(origin.get("thread"), int) else None
        out = TelegramResponder(self.app.bot, chat, thread_id=thread, on_sent=self._on_sent(user_id), mention=mention,
                                refused=self.refused)
        if line is not None and replies and not replies[0].image:
            try:
                await out.edit(line, replies[0])
                replies = replies[1:]
            except TelegramError as exc:         # deleted, too old to edit: a new line then
                log.info("could not edit the progress line of a resumed job (%s); sending a new one", exc.message)
        for reply in replies:
            try:
                await out.send(reply)        # a topic deleted since: the chat's main one (TelegramResponder.send)
            except MaybeDelivered as exc:    # (it may be there: not again) the painting after it still goes
                log.warning("a delivered job's message may not have arrived (%s); not sent again", exc)
            except BotError as exc:          # the painting refused: the bot may not post pictures there
                # in the user's language (/lang, else their app's when they asked), as the outcome
                # line before it (it was the default's)
                locale = origin.get("locale")
                lang = self.layer.lang_of(Request("tg", user_id or chat_id, chat_id,
                                                  locale=locale if isinstance(locale, str) else None))
                with contextlib.suppress(TelegramError, MaybeDelivered):
                    await out.send(Reply(t(lang, exc.key, **exc.params)))

    async def _name_of(self, chat: int, user: int) -> str:
        """A user's name for a mention, where the job did not keep it (journaled before it did)."""
        try:
            member = await self.app.bot.get_chat_member(chat, user)
        except TelegramError:
            return UNNAMED
        return display_name(member.user.full_name) or UNNAMED

    def _on_sent(self, user_id: str | None) -> Callable[[int, int, Reply], Awaitable[None]]:
        """A responder's on_sent for the replies to ``user_id`` (whose /forgetme deletes what is kept)."""
        return functools.partial(self._sent, user_id)

    async def _sent(self, user_id: str | None, chat_id: int, message_id: int, reply: Reply) -> None:
        """Keep what a message's buttons name, in the store (a restart keeps it too), off the loop."""
        # a group's own (an anonymous admin's); not a private chat's, whose user is its chat too
        # (every one kept pushed groups' out): only a group's id is negative
        if reply.buttons and chat_id < 0 and user_id == f"tg:{chat_id}":
            self._sent_for[(chat_id, message_id)] = user_id
        ref = buttons_ref(reply)
        if ref is None:
            return
        try:
            await self.layer.store.off_loop.keep_message_ref(f"tg:{chat_id}", message_id, ref, user_id)
        except Exception as exc:         # the message is out: the storage's problem is not the reply's
            problem = storage_problem(exc)
            if problem is None:
                raise
            log.warning("could not remember what message %d names (%s); a reply to it without its buttons "
                        "acts as without the reply", message_id, problem)

    def ref_of(self, msg: Message) -> str | None:
        """What one of the bot's messages names, replied to: the job id (or photo hash) in its
        buttons; else, where the update left them out (the Bot API does not promise them in
        reply_to_message), the one the store kept when it was sent (also before a restart, among
        the newest MESSAGE_REFS_KEPT). None when neither knows: a message of the bot's without
        such buttons; the command then acts as without the reply (on the user's last painting
        or photo), not on a wrong one."""
        return painting_ref(msg) or self.layer.store.message_ref(f"tg:{msg.chat_id}", msg.message_id)

    async def edit_line(self, chat_id: str, line: int, reply: Reply) -> None:
        """The progress message of a job from before a restart, edited to where the job stands now."""
        await TelegramResponder(self.app.bot, int(chat_id.removeprefix("tg:")), refused=self.refused).edit(line, reply)

    # -- updates -> requests ---------------------------------------------------------------
    async def on_migrated(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A group upgraded to a supergroup (a new chat id; Telegram says it in both chats): its
        community styles and kept photos follow it. Its members' styles were lost with the old id."""
        msg = update.effective_message
        if msg.migrate_to_chat_id:
            old, new = msg.chat_id, msg.migrate_to_chat_id
        else:
            old, new = msg.migrate_from_chat_id, msg.chat_id
        moved = await self.layer.store.off_loop.move_chat(f"tg:{old}", f"tg:{new}")
        if moved:
            log.info("a group became a supergroup; its %d community style(s) moved with it", moved)

    async def on_my_rights(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The bot's membership or rights in a chat changed (an admin gave back, or took, its right
        to post pictures or text): the chat's refusals are forgotten, and its next requests tried
        (refused again, they are noted again). Before, a right given back stayed refused up front
        until PROBE_AFTER_S."""
        change = update.my_chat_member
        if change is None:
            return
        self._rights_changed(change.chat.id, f"{change.old_chat_member.status} -> {change.new_chat_member.status}")
        self._note_rights(change.chat.id, change.new_chat_member)     # (its new rights, as getChatMember's)
        if change.new_chat_member.status == ChatMemberStatus.MEMBER:
            # a plain member's rights are the group's defaults, which this does not say: asked
            # (getChat) at the next painting, not painted to be refused where they forbid pictures
            self._rights_asked.pop(change.chat.id, None)

    def _rights_changed(self, chat: int, how: str) -> None:
        if chat in self._rights_asking:
            self._rights_stale.add(chat)            # (the question's answer is older than this)
        if any(r.holds(chat) for r in self.refused.values()):
            log.info("the bot's rights in chat %s changed (%s): its refusals are forgotten", chat, how)
        for refusals in self.refused.values():
            refusals.clear(chat)

    def _unreadable(self, update: dict) -> None:
        """An update python-telegram-bot could not read (PollingWatch.readable), skipped: where it
        was a change of the bot's rights in a chat (my_chat_member), that much is still acted on."""
        change = update.get("my_chat_member")
        chat = change.get("chat") if isinstance(change, dict) else None
        if isinstance(chat, dict) and isinstance(chat.get("id"), int):
            self._rights_changed(chat["id"], "an update python-telegram-bot could not read")

    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        msg = update.effective_message
        if msg is None or update.effective_user is None or update.effective_chat.type == ChatType.CHANNEL:
            return
        if msg.media_group_id:
            return self._collect_album(msg)
        self._remember([msg])
        await self._dispatch([msg])

    async def on_edit(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An edited message with a command, acted on like a new one ("/style goh" fixed to
        "/style gogh"), with the rest of its album; not again when the command (and the photos)
        are as they were when acted on: Telegram sends edits of anything, and the spacing may change."""
        msg = update.edited_message
        if msg is None or update.effective_user is None or update.effective_chat.type == ChatType.CHANNEL:
            return
        pending = self._albums.get((msg.chat_id, msg.media_group_id)) if msg.media_group_id else None
        if pending:                     # the album is still being collected: it is acted on as edited
            pending["messages"] = [msg if m.message_id == msg.message_id else m for m in pending["messages"]]
            return
        acted = self._acted.get((msg.chat_id, msg.message_id))
        messages = [msg if m.message_id == msg.message_id else m for m in acted["messages"]] if acted else [msg]
        if acted and acted["command"] == self._command_of(messages):
            return
        self._remember(messages)
        album = self._recent_albums.get((msg.chat_id, msg.media_group_id)) if msg.media_group_id else None
        text = next((m.text or m.caption for m in messages if m.text or m.caption), None)
        if album is None or album["forgotten"] or not text:
            return await self._dispatch(messages)
        # an album's command edited ("/style monnet" fixed, or one added): its late photos take the
        # new one (they took the old, and got "no such artist" or the artist buttons after the
        # album was painted), and a /cancel while it is painted again holds for them
        album["handled"] = {"text": album_command(text), "at": time.monotonic()}
        album["cancelled"] = None       # (asked again after any /cancel noted)
        self._keep_album((msg.chat_id, msg.media_group_id), album, ALBUM_LATE_S)
        album["under_way"] += 1
        try:
            await self._dispatch(messages)
        finally:
            album["under_way"] -= 1

    async def on_plain_edit(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An edited message without a command, acted on as an edited command is (on_edit) where
        its new words name an artist the command layer paints (a photo's caption "gohg" fixed to
        "gogh", or "monet" added: the caption of a new photo would paint it), and its words
        before, as it was acted on (_acted), had no command and named another artist or none; it
        was passed over. Edited chatter stays unanswered, as do a name only re-spelt ("gogh" to
        "gogh!": not painted again), a command edited away ("/style gogh" to "gogh please"), and
        a message not remembered (from before a restart: what it asked is not known), one whose
        artist buttons were tapped (_note_picked), and one sent over PLAIN_EDIT_WITHIN_S before."""
        msg = update.edited_message
        if msg is None or update.effective_user is None or update.effective_chat.type == ChatType.CHANNEL:
            return
        if msg.media_group_id and (msg.chat_id, msg.media_group_id) in self._albums:
            return await self.on_edit(update, context)      # (still gathered: handled with the edit)
        acted = self._acted.get((msg.chat_id, msg.message_id))
        before = next((m for m in acted["messages"] if m.message_id == msg.message_id), None) if acted else None
        if before is None or (before.text or before.caption or "").lstrip().startswith("/"):
            return
        # its artist buttons tapped since: painted as picked, and "gohg" fixed after is tidying
        # (it was painted a second time); sent long ago: its caption tidied, not a new request
        if acted.get("picked") or (msg.edit_date or msg.date) - msg.date > timedelta(seconds=PLAIN_EDIT_WITHIN_S):
            return
        asked = self._artist_asked(msg)
        if asked is not None and asked != self._artist_asked(before):
            await self.on_edit(update, context)

    def _artist_asked(self, msg: Message) -> tuple | str | None:
        """The artist(s) the words of a message without a command ask to paint, as the command
        layer reads them (a caption with its photo): their styles and weights ("gogh!", "Gogh",
        "고흐" all gogh's), else the words as written; None where they ask for none, or are not
        for the bot (a group's talk)."""
        text = msg.text or msg.caption or ""
        req = self._request(msg.from_user, msg.chat, text, sender_chat=msg.sender_chat)
        req.mentioned = bool(self.username and f"@{self.username.lower()}" in text.lower())
        if msg.photo or msg.document:
            req.images = [b""]          # (its photo, not yet downloaded: only its being there is read)
        parsed = self.layer.parse(req)
        if parsed is not None or self.layer.ignores(req, parsed) or not self.layer.is_ours(req, parsed):
            return None
        named = self.layer.artist_in_text(req)
        if named is None:
            return None
        try:
            return tuple(sorted((style.name, weight) for style, weight in self.layer.read_styles(named, req, "en")))
        except BotError:                # (with a strength, "gogh 50%", or a mix it refuses)
            return " ".join(named.lower().split())

    def forget(self, user_id: str) -> None:
        """/forgetme: the messages of theirs remembered for edits (texts, captions, file ids), and
        what was said to them lately (the "may not post pictures" note's quiet slot)."""
        for key, acted in list(self._acted.items()):
            if any(sender_id(m) == user_id for m in acted["messages"]):
                del self._acted[key]
        self._forget_albums(user_id)
        for key, whom in list(self._sent_for.items()):
            if whom == user_id:
                del self._sent_for[key]
        # the "may not post pictures" note's quiet slot ((chat, user)): said again after it, as the
        # layer's refusals are
        self._media_told.forget(lambda key: key[1] == user_id)

    def _forget_albums(self, user_id: str) -> None:
        """/forgetme: the user's albums sent before it (HANDLED_SEQ: its number; unknown, all of
        theirs) take no photo more, and their commands are not kept: one still gathered
        (_collect_album) is dropped at its flush, a late one as it comes. Before, the flush
        remembered the album again after the forget, and a late photo was taken for a new one:
        kept, and offered the artist buttons. (The layer's dropped_by_forget does not serve here:
        an album handled before the /forgetme has left the layer, which never marked it.)"""
        before = HANDLED_SEQ.get()
        for album in self._recent_albums.values():
            if album["user"] == user_id and (before is None or album["seq"] is None or album["seq"] < before):
                album["forgotten"], album["handled"] = True, None

    def _album_forgotten(self, key: tuple) -> bool:
        album = self._recent_albums.get(key)
        return album is not None and album["forgotten"]

    def _album_seen(self, key: tuple, user: str, seq: int | None) -> dict:
        """A photo of the album ``key`` came (``seq``: the number it took): its record (a late
        photo's is its album's) is kept ALBUM_LATE_S after it, plus the gathering's wait."""
        album = self._recent_albums.get(key) or {"user": user, "seq": seq, "forgotten": False, "handled": None,
                                                 "under_way": 0, "cancelled": None}
        self._keep_album(key, album, ALBUM_LATE_S + ALBUM_WAIT_S)
        return album

    def _keep_album(self, key: tuple, album: dict, seconds: float) -> None:
        """Keep an album's record ``seconds`` more, at least; those past their time go (on a
        quiet bot too: a timer)."""
        now = time.monotonic()
        album["until"] = max(album.get("until", now), now + seconds)
        self._recent_albums[key] = album             # (the newest now: the oldest go first)
        self._drop_old_albums()

    def _drop_old_albums(self) -> None:
        """The records past their time go; one timer looks again when the oldest left is due, set
        anew each time it finds one not yet due. A timer each that only dropped: a loop runs a timer
        up to its clock's resolution early (Windows': 15.6 ms), the last record was found not due,
        and a quiet bot kept it for good; and a flood left a timer per photo, past the records' cap."""
        now = time.monotonic()
        while self._recent_albums and next(iter(self._recent_albums.values()))["until"] <= now:
            self._recent_albums.popitem(last=False)
        if not self._recent_albums:
            return
        loop = asyncio.get_running_loop()
        # (a clock's tick later: run early, it would find the record not due again and again until then)
        due = loop.time() + next(iter(self._recent_albums.values()))["until"] - now + CLOCK_TICK_S
        if self._albums_expiry is None or self._albums_expiry.when() > due:
            if self._albums_expiry is not None:
                self._albums_expiry.cancel()
            self._albums_expiry = loop.call_at(due, self._albums_expired)

    def _albums_expired(self) -> None:
        self._albums_expiry = None
        self._drop_old_albums()

    @staticmethod
    def _command_of(messages: list[Message]) -> tuple:
        """What a message (an album) asks for: its text or caption, spacing aside (as a digest: a
        copy of each of REMEMBERED_COMMANDS Premium captions was up to 32 MB more), and its files."""
        text = next((m.text or m.caption for m in messages if m.text or m.caption), "") or ""
        files = tuple((m.photo[-1] if m.photo else m.document or m.sticker).file_unique_id
                      for m in messages if m.photo or m.document or m.sticker)
        # (surrogatepass: a lone surrogate, as JSON may carry one, failed the digest, and its
        # message got no answer at all)
        said = " ".join(text.split()).encode("utf-8", "surrogatepass")
        return hashlib.blake2b(said, digest_size=16).digest(), files

    def _remember(self, messages: list[Message]) -> None:
        acted = {"messages": messages, "command": self._command_of(messages)}
        for m in messages:
            self._acted[(m.chat_id, m.message_id)] = acted

    def _collect_album(self, msg: Message) -> None:
        """An album's messages, gathered for ALBUM_WAIT_S after the last, then handled as one.
        Numbered as its first photo comes (layer.arrive): "/style gogh" sent just after the album
        waits for it, as after a single photo; numbered at the flush, it ran first and said "send a
        photo first", and the album then got the artist buttons. Numbered with its chat and that
        photo's caption (an album's, mostly): the user's paintings in other chats do not wait for it."""
        key = (msg.chat_id, msg.media_group_id)
        if self._album_forgotten(key):
            log.info("a photo of an album came after its sender's /forgetme; dropped")
            return
        entry = self._albums.get(key)
        if entry is None:
            seq = self.layer.arrive(sender_id(msg), f"tg:{msg.chat_id}", msg.text or msg.caption or "",
                                    sent=msg.edit_date or msg.date) if sender_id(msg) else None
            if seq is not None:
                self._fetching[seq] = (sender_id(msg), msg.chat_id, asyncio.Event())
            entry = self._albums[key] = {"messages": [], "task": None, "seq": seq}
        album = self._album_seen(key, sender_id(msg), entry["seq"])
        if "album" not in entry:        # under way from its first photo: a /cancel while it is gathered counts
            entry["album"] = album
            album["under_way"] += 1
        entry["messages"].append(msg)
        if entry["task"]:
            entry["task"].cancel()

        async def flush():
            await asyncio.sleep(ALBUM_WAIT_S)        # cancelled when a later photo of the album comes
            del self._albums[key]
            messages = sorted(entry["messages"], key=lambda m: m.message_id)
            seq, failed = entry["seq"], None
            try:
                if self._album_forgotten(key):      # its sender's /forgetme came while it was gathered
                    log.info("an album's %d photo(s) came before its sender's /forgetme; dropped", len(messages))
                else:
                    await self._flush_album(key, messages, seq)
            except Exception as exc:    # (before _dispatch, whose own failures it answers)
                failed = exc
            finally:
                entry["album"]["under_way"] -= 1
                # the number given back on every path: a store error reading the caption of a late
                # photo (_paints) kept it for good, and the user's later messages in the chat waited
                # for it, 150 s each (_after_fetches), as did a bare /stronger anywhere
                if seq is not None:
                    self._fetched(seq)
                    self.layer.left(seq)
            if failed is not None:
                late = (self._recent_albums.get(key) or {}).get("handled")
                await self._say_failed(messages, failed, late["text"] if late else None)

        entry["task"] = task = asyncio.create_task(flush())
        self._flushing[task] = entry["messages"]
        task.add_done_callback(lambda done: self._flushing.pop(done, None))

    async def _flush_album(self, key: tuple, messages: list[Message], seq: int | None) -> None:
        """An album gathered (_collect_album), handled as one message numbered ``seq``."""
        self._remember(messages)
        text = next((m.text or m.caption for m in messages if m.text or m.caption), None)
        album = self._recent_albums.get(key)
        late = album["handled"] if album is not None else None
        if text is None and late is not None and album["user"] == sender_id(messages[0]) and \
                time.monotonic() - late["at"] <= ALBUM_LATE_S and self._paints(messages[0], late["text"]):
            if album["cancelled"] is not None and seq is not None and seq > album["cancelled"]:
                # the user's /cancel came while the album (or a late photo of it) was on its way
                # (gathered, downloaded, painted), before these photos: nothing, as for the
                # album's photos that /cancel stopped (they were painted after it, numbered after it)
                log.info("%d photo(s) of an album came after its /cancel; not painted", len(messages))
                return
            # photos of an album that came after it was handled (more than ALBUM_WAIT_S after
            # the others, a slow upload): painted as the album asked, "/style gogh" its caption;
            # they were handled alone, without it, and got the artist buttons
            text = late["text"]
            log.info("%d photo(s) of an album came after it was handled; painted as it asked", len(messages))
            return await self._dispatch(messages, seq, text=text)
        if not text:
            return await self._dispatch(messages, seq)
        if album is not None:           # (None: gone in a flood of albums, ALBUM_RECORDS_KEPT)
            album["handled"] = {"text": album_command(text), "at": time.monotonic()}
            if album["cancelled"] is not None and seq is not None and seq > album["cancelled"]:
                album["cancelled"] = None       # a late photo's own command, sent after the /cancel
            self._keep_album(key, album, ALBUM_LATE_S)
        await self._dispatch(messages, seq)

    def _albums_cancelled(self, user_id: str, seq: int) -> None:
        """The user's /cancel numbered ``seq``: their albums on their way take no late photo after
        it. On their way from their first photo, a late photo's too: a /cancel while the album was
        gathered, or while a late photo of it was painted (the album's own painting over), marked
        nothing, and the album's next late photo was painted after it."""
        for album in self._recent_albums.values():
            if album["user"] == user_id and album["under_way"] and album["cancelled"] is None:
                album["cancelled"] = seq

    def _paints(self, msg: Message, text: str) -> bool:
        """Whether ``text`` sent with ``msg`` asks for a painting (not "/addstyle", which a late
        photo would make a second style of)."""
        req = self._request(msg.from_user, msg.chat, text, sender_chat=msg.sender_chat)
        parsed = self.layer.parse(req)
        return not self.layer.ignores(req, parsed) and self.layer.kind_of(req, parsed) in PAINTING_KINDS

    async def _dispatch(self, messages: list[Message], seq: int | None = None, text: str | None = None) -> None:
        """``text``: the command, where not the messages' own (a late photo of an album: the album's)."""
        first = messages[0]
        # numbered before its photos download (seconds, for a big one): a /cancel sent meanwhile
        # comes after it, and cancels it. An album is numbered as its first photo came. With its
        # chat and text: a photo downloading in a group held up the user's private paintings 10 s
        if seq is None and sender_id(first):
            said = text or next((m.text or m.caption for m in messages if m.text or m.caption), "") or ""
            # (a message Telegram held while the bot was down: "done in" counts its wait; an edit's from the edit)
            seq = self.layer.arrive(sender_id(first), f"tg:{first.chat_id}", said,
                                    sent=first.edit_date or first.date)
            self._fetching[seq] = (sender_id(first), first.chat_id, asyncio.Event())
        if seq is not None:
            self._numbered(seq)
        failed = None
        try:
            await self._dispatch_numbered(messages, seq, text)
        except Exception as exc:        # (before the layer's handle, which never raises)
            failed = exc
        finally:
            if seq is not None:
                self._fetched(seq)
                self.layer.left(seq)
        if failed is not None:          # (its number given back first: the user's next messages go on)
            await self._say_failed(messages, failed, text)

    async def _say_failed(self, messages: list[Message], exc: Exception, text: str | None = None) -> None:
        """A message whose handling failed here, before the command layer (which answers its own
        failures: the store locked while its command is read, say): it got no answer at all (the
        error went to python-telegram-bot's handler, a log line). Answered as the layer answers
        one, where it was for the bot as far as is known without the store (the layer's
        ours_without_store: a private chat, or in a group a command of ours, "/ gogh" too, an
        @mention, a command replying to the bot); group chatter and another bot's "/sticker cat"
        get nothing, as before (``text``: its command, where not the messages' own)."""
        first = messages[0]
        text = (text or next((m.text or m.caption for m in messages if m.text or m.caption), "") or "").strip()
        req = self._said_request(first, text)
        topic = first.message_thread_id if first.is_topic_message else None
        out = TelegramResponder(self.app.bot, first.chat.id, reply_to=first.message_id, thread_id=topic,
                                refused=self.refused)
        await self.layer.tell_failed(exc, req, out, said=self.layer.ours_without_store(req))

    def _said_request(self, first: Message, text: str) -> Request:
        """The request of a message answered outside the layer's handle (a failure, a stop),
        with whether it was said to the bot, as _dispatch_numbered reads it: a reply to the bot
        is to it where it asks for something (layer.reply_asks; where that fails too, the store
        failing, only with a command)."""
        replied = first.reply_to_message
        to_bot = replied is not None and replied.from_user is not None and replied.from_user.id == self.app.bot.id
        topic = first.message_thread_id if first.is_topic_message else None
        req = self._request(first.from_user, first.chat, text, topic, sender_chat=first.sender_chat)
        asks = text.startswith("/")
        if to_bot and not asks:
            try:
                asks = self.layer.reply_asks(dataclasses.replace(req, reply_ref=self.ref_of(replied),
                                                                 reply_from_bot=True))
            except Exception:           # (the store, failing as the message did)
                asks = False
        req.mentioned = bool(self.username and f"@{self.username.lower()}" in text.lower()) or (to_bot and asks)
        return req

    async def _tell_failed(self, exc: Exception, user, chat, text: str, reply_to: int | None, topic: int | None,
                           sender_chat=None) -> None:
        """A failure before the layer (a button's tap), logged and told as the layer tells its own."""
        req = self._request(user, chat, text, topic, sender_chat=sender_chat)
        out = TelegramResponder(self.app.bot, chat.id if chat is not None else user.id, reply_to=reply_to,
                                thread_id=topic, refused=self.refused)
        await self.layer.tell_failed(exc, req, out)

    def _fetched(self, seq: int) -> None:
        """The message numbered ``seq`` has its files (or needs none) and is with the layer."""
        _, _, done = self._fetching.pop(seq, ("", 0, None))
        if done is not None:
            done.set()

    async def _after_fetches(self, user_id: str, chat: int, seq: int) -> None:
        """Wait until the user's earlier messages in ``chat`` have their files and are with the
        layer, whose ORDER_WAIT_S (10 s) then keeps them in order (the last photo a command reads
        is the chat's: a photo downloading in a group held up "/size" in the private chat for
        minutes). A photo is fetched again for up to DOWNLOAD_PATIENCE_S (getFile, then the file:
        twice that): "/style gogh" sent just after a
        photo slow to download waited 10 s for it, then said "send a photo first" (or painted the
        photo before), and the photo got the artist buttons."""
        earlier = [asyncio.ensure_future(done.wait()) for n, (user, where, done) in list(self._fetching.items())
                   if user == user_id and where == chat and n < seq and not done.is_set()]
        if earlier:
            try:
                await asyncio.wait(earlier, timeout=2 * DOWNLOAD_PATIENCE_S + FETCH_WAIT_MARGIN_S)
            finally:
                for waiting in earlier:
                    waiting.cancel()

    async def _dispatch_numbered(self, messages: list[Message], seq: int | None, text: str | None = None) -> None:
        first = messages[0]
        text = text or next((m.text or m.caption for m in messages if m.text or m.caption), "") or ""
        replied = first.reply_to_message
        to_bot = replied is not None and replied.from_user is not None and replied.from_user.id == self.app.bot.id
        user, chat = first.from_user, first.chat
        command = text.lstrip().startswith("/")
        mention = bool(self.username and f"@{self.username.lower()}" in text.lower())
        topic = first.message_thread_id if first.is_topic_message else None
        req = self._request(user, chat, text, topic, sender_chat=first.sender_chat)
        # the bot's own painting: named by its job (buttons), never taken as a new photo; it can
        # still be the style of "/style" replying to it
        req.reply_ref = self.ref_of(replied) if to_bot else None
        req.reply_from_bot = to_bot
        req.reply_author = (sender_id(replied) or None) if replied is not None else None
        # an @mention is for the bot, a reply to it where it asks for something (a command, "monet",
        # "모네로 그려줘"): "wow, nice!" under a painting is chatter
        req.mentioned = mention or (to_bot and self.layer.reply_asks(req))
        req.seq = seq
        parsed = self.layer.parse(req)
        kind = self.layer.kind_of(req, parsed)
        if seq is not None and not self.layer.may_be_read_later(req, parsed):
            # nothing a later message reads comes of its files (an /addstyle's paintings): none
            # waits for their download
            self._fetched(seq)
        if seq is not None and kind == "cancel" and not self.layer.ignores(req, parsed):
            self._albums_cancelled(req.user_id, seq)
        out = TelegramResponder(self.app.bot, chat.id, reply_to=first.message_id, thread_id=topic,
                                on_sent=self._on_sent(req.user_id), refused=self.refused,
                                on_painting=self._painting_sent)
        photos = sum(1 for m in messages if m.photo or m.document)
        if await self._refused_up_front(req, parsed, kind, photos, out, photo_shapes(messages)):
            return                      # (its number is given back by _dispatch)
        if self.layer.ignores(req, parsed):
            pass                        # group chatter, another bot's command: its photos stay where they are
        elif all(moving_media(m) for m in messages):
            # a video, a voice message, a GIF: nothing still to paint. Said where the bot is addressed
            # (the layer's rules); a command of another bot's ("/sticker" under a video) is not ours
            if self.layer.is_ours(req, parsed):
                req.upload_errors = [UploadError("not_a_still_picture")]
        elif photos and seq is not None and await self.layer.skips_download(req, photos):
            pass    # a painting the user's limits refuse anyway (a flood): handed on without its files
        else:
            if seq is not None:
                # a /cancel sent while the album downloads counts each of its photos
                self.layer.expect_photos(req, parsed, photos)
            for m in messages:
                if not m.sticker:       # a sticker is a reaction, not a photo: it gets the hint, as text does
                    await self._images_of(m, req.images, req.upload_errors)
            # the bot's own painting only where its picture is read (/addstyle, a bare /style):
            # "/weaker", "monet" repaint the photo its job names, and it was downloaded for nothing
            unread = to_bot and req.reply_ref and not self.layer.reads_replied_painting(req, parsed)
            # (a reply to the bot that asks for something is addressed to it, req.mentioned: "style"
            # alone under its painting reads the painting as "/style" there does)
            if replied is not None and (chat.type == "private" or command or req.mentioned) and not unread:
                await self._images_of(replied, req.reply_to_images, req.reply_errors)
        if seq is not None:
            # (read again: "/styles gogh" with its photo now downloaded paints, as /style)
            # /forgetme is not held for the user's photos still downloading: the layer drops what
            # came before it and is still on its way (InFlight.forgotten), nothing of it kept after
            # "Done: I deleted ..."; held, it answered only once a slow download ended (150 s)
            if self.layer.is_read_later(req, parsed) and self.layer.kind_of(req, parsed) != "forgetme":
                # (a repaint held so says that it waits for the photo, and a /cancel ends its hold)
                await self.layer.hold_for_photos(req, parsed, out, self._after_fetches(req.user_id, chat.id, seq))
            self._fetched(seq)
        HANDLED_SEQ.set(seq)
        self._handed_over(req)
        await self.layer.handle(req, out)

    def _numbered(self, seq: int) -> None:
        """The task handling a message has numbered it ``seq`` (layer.arrive), before its files
        download: a stop that cuts it off asks the layer whether it was dropped (_cut_off_word)."""
        task = asyncio.current_task()
        if task is not None and task not in self._numbered_tasks:
            self._numbered_tasks[task] = seq
            task.add_done_callback(lambda done: self._numbered_tasks.pop(done, None))

    def _painting_sent(self) -> None:
        """A painting of the request the current task handles was sent (its responder's word): a
        stop that cuts the rest off does not ask for the whole album again (_cut_off_word)."""
        task = asyncio.current_task()
        if task is not None and task not in self._painted_tasks:
            self._painted_tasks.add(task)
            task.add_done_callback(self._painted_tasks.discard)

    def _handed_over(self, req: Request) -> None:
        """The task handling an update has handed ``req`` to the layer, which answers it from now
        on; at a stop that cuts it off, the layer says whether it kept it (_handlers_ended)."""
        task = asyncio.current_task()
        if task is not None and task not in self._with_layer:
            self._with_layer[task] = req
            task.add_done_callback(lambda done: self._with_layer.pop(done, None))

    async def _refused_up_front(self, req: Request, parsed, kind: str, photos: int, out: TelegramResponder,
                                shapes: list[tuple[int, int]] | None = None) -> bool:
        """Whether a request is answered here, before its photos are downloaded: its chat refused
        the bot's pictures lately (ChatRefusals), and it asks for a painting: told so at once (once
        a user in QUIET_REFUSALS_S), not painted. A photo was painted, then refused; only an
        album stopped after its first refusal. Where the bot may not write either, or the request
        would only be answered in text (/help, a bare photo's artist buttons), it is dropped
        unsaid: the chat's refusal was logged once. A request that changes something (/cancel, a
        setting, /addstyle) still goes to the layer.
        "Refused pictures" is photos and files both: a painting goes as a photo, as a file where
        the photo is refused; only a strip (fits_a_photo) goes as a file alone: where files are
        refused, photos whose ``shapes`` (known before the download) all make strips are told so
        at once (no_file_rights_strip); a strip known only once downloaded or painted (a file's,
        a button's) is painted, then refused. PROBE_AFTER_S after the refusal one request goes
        through anyway (_try_again), to find out whether the right was given back; where the
        refusal is Telegram's word of the bot's rights (getChatMember, my_chat_member), Telegram
        is asked again instead (_ask_again), and the request painted only if the rights are back
        (it was painted to be refused, each minute)."""
        if self.layer.ignores(req, parsed) or not self.layer.is_ours(req, parsed):
            return False
        chat = int(req.chat_id.removeprefix("tg:"))
        painting = kind in PAINTING_KINDS or kind == "pick"       # (an artist button's: /pick gogh #<photo>)

        def painted() -> bool:
            return painting and (
                bool(PAINTING_REF.search(req.text or "") or req.reply_ref)     # a button's, a reply to a painting
                or self.layer.paints_photos(req, parsed, photos))
        if painting and req.is_group:
            await self._ask_rights(chat)
        # (text too: a group unmuted says so to no update, and its /help was dropped unsaid until
        # Telegram's word ran out, ten minutes, not tried each minute as a refused send's)
        if req.is_group and (self._asked_due(chat, pictures=False) or self._asked_due(chat) and painted()):
            await self._ask_again(chat)
        no_photo, no_file, no_text = (self.refused[k].holds(chat) for k in ("photo", "document", "text"))
        if not (no_file or no_text):
            return False
        paints = painted()
        # (/preview's grid of nine is no strip)
        strips = no_file and not no_photo and paints and kind != "preview" and bool(shapes) and \
            not any(photo_shaped(w, h) for w, h in shapes)
        media = [self.refused["document"]] if strips else [self.refused["photo"], self.refused["document"]]
        no_media = strips or (no_photo and no_file)
        if not (no_media or no_text):
            return False
        if paints and self.layer.dropped_by_forget(req):
            # its sender's /forgetme came while the rights were asked: dropped, as the layer would,
            # neither said nor noted in _media_told (which that /forgetme has just cleared), nor
            # taken as the minute's probe (_try_again; text refused too: the layer sent nothing)
            return True
        if no_text and (no_media or not paints):
            dropped = painting or not self.layer.acts_unanswered(kind)
            if no_media and paints and all(r.by_rights(chat) for r in media):
                return dropped          # (its pictures surely refused: Telegram was asked, above)
            # (text Telegram said the bot may not send: not tried, each minute, to be refused again;
            # asked again with the pictures', or its word kept for REFUSAL_KEPT_S)
            tried = ([] if self.refused["text"].by_rights(chat) else [self.refused["text"]]) + \
                (media if no_media and paints else [])
            return dropped and not self._try_again(chat, tried)
        if not (no_media and paints):
            return False
        if self._try_again(chat, media):
            return False
        if self._media_told.first((chat, req.user_id)):
            with contextlib.suppress(ChatUnreachable, MaybeDelivered, TelegramError):
                said = "no_file_rights_strip" if strips else "no_media_rights"
                await out.send(Reply(t(self.layer.lang_of(req), said)))
        return True

    async def _ask_rights(self, chat: int, again: bool = False) -> None:
        """Ask Telegram whether the bot may post photos and files in a group, once per
        RIGHTS_ASKED_S (``again``: now, _ask_again's, which starts that window anew): restricted from them (ChatMemberRestricted),
        the chat's refusal of that kind is noted as if a painting had been refused
        (_refused_up_front then answers); allowed them, such a refusal Telegram said is ended
        (_note_rights). Where the answer does not come, or fails, nothing is noted or ended: a
        painting is tried, as before, where nothing was refused, and refused where it was."""
        asking = self._rights_asking.get(chat)
        if asking is None:
            now, last = self.layer.clock(), self._rights_asked.get(chat)
            if not again and last is not None and now - last < RIGHTS_ASKED_S:
                return
            self._rights_asked[chat] = now      # (the minute's question too: one a window, not two)
            asking = self._rights_asking[chat] = asyncio.ensure_future(self._fetch_rights(chat))

            def done(_) -> None:
                self._rights_asking.pop(chat, None)
                self._rights_stale.discard(chat)
            asking.add_done_callback(done)
        with contextlib.suppress(Exception):
            await asyncio.shield(asking)

    async def _fetch_rights(self, chat: int) -> None:
        try:
            member, defaults = await asyncio.wait_for(self._rights_of(chat), RIGHTS_ASK_TIMEOUT_S)
        except Exception as exc:        # (an answer python-telegram-bot cannot read too)
            log.info("could not ask Telegram about the bot's rights in chat %s (%s); taken as allowed",
                     chat, type(exc).__name__)
            return
        if chat in self._rights_stale:
            log.info("the bot's rights in chat %s changed while Telegram was asked about them; "
                     "its answer (read before) is not noted", chat)
            return
        self._note_rights(chat, member, defaults)

    async def _rights_of(self, chat: int):
        """The bot's membership in a group (getChatMember) and, where it is a plain member, the
        group's default permissions (getChat), which are then its rights: getChatMember says
        "member" with no word of them, and a group whose defaults forbid photos had its
        paintings painted, then refused."""
        member = await self.app.bot.get_chat_member(chat, self.app.bot.id)
        if member.status != ChatMemberStatus.MEMBER:
            return member, None
        return member, (await self.app.bot.get_chat(chat)).permissions

    def _note_rights(self, chat: int, member, defaults=None) -> None:
        """The bot's membership in a chat as Telegram says it (getChatMember, my_chat_member): the
        kinds of message (photos, files, text) a restricted bot may not post there are noted as
        refused, by its rights; those it may (or all, no longer restricted) end such a refusal.
        Text refused so, the chat's requests that would be answered in text are dropped unsaid,
        not sent each minute to be refused again (_refused_up_front). A plain member's rights
        are the group's ``defaults`` (getChat's ChatPermissions), read as a restriction's where
        known. A refusal known from a refused send only is left as it is."""
        rights = member if member.status == ChatMemberStatus.RESTRICTED else \
            defaults if member.status == ChatMemberStatus.MEMBER else None
        whose = "the group's default permissions" if rights is not None and rights is defaults else "its restriction"
        refused = []
        for kind, allowed in (("photo", getattr(rights, "can_send_photos", None)),
                              ("document", getattr(rights, "can_send_documents", None)),
                              ("text", getattr(rights, "can_send_messages", None))):
            refusals = self.refused[kind]
            if allowed is False:
                if refusals.note(chat, rights=True):
                    refused.append(KIND_WORDS[kind])
            elif refusals.by_rights(chat):
                refusals.clear(chat)
                log.info("Telegram says the bot may send %s in chat %s again", KIND_WORDS[kind], chat)
        if refused:         # (one line for the chat: a group that mutes the bot takes all three)
            log.info("Telegram says the bot may not send %s in chat %s (%s): %s", " or ".join(refused), chat, whose,
                     "nothing is tried there" if self.refused["text"].by_rights(chat) and
                     self.refused["photo"].holds(chat) and self.refused["document"].holds(chat)
                     else "its painting requests are answered so there, not painted")

    def _asked_due(self, chat: int, pictures: bool = True) -> bool:
        """Whether a refusal of the chat's text (or, for a painting, ``pictures``: its photos or
        files) that Telegram said of the bot's rights is due to be tried again (PROBE_AFTER_S since
        it was said, or last asked)."""
        kinds = ("text", "photo", "document") if pictures else ("text",)
        return any(self.refused[k].by_rights(chat) and self.refused[k].due(chat) for k in kinds)

    async def _ask_again(self, chat: int) -> None:
        """The minute's try of such a refusal: Telegram asked again (getChatMember), not a painting
        painted to find out. Still restricted, the refusal is kept anew (_note_rights); the rights
        back, it ends; no answer, it stays (tried again in PROBE_AFTER_S)."""
        for kind in ("photo", "document", "text"):
            if self.refused[kind].by_rights(chat):
                self.refused[kind].trying(chat)
        log.info("asking Telegram again whether the bot may post in chat %s (restricted %.0f s or more ago)",
                 chat, PROBE_AFTER_S)
        await self._ask_rights(chat, again=True)

    def _try_again(self, chat: int, refusals: list[ChatRefusals]) -> bool:
        """Whether a request the chat's refusals would answer up front goes through instead, to find
        out whether the right was given back (PROBE_AFTER_S since the last refusal or try): then
        it is delivered, and the chat taken again, or refused, and the refusal kept anew. One a
        minute: the others meanwhile are answered up front still."""
        if not any(r.due(chat) for r in refusals):
            return False
        for r in refusals:
            r.trying(chat)
        log.info("trying again whether the bot may post in chat %s (refused %.0f s or more ago)", chat, PROBE_AFTER_S)
        return True

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        # numbered before the answer's round trip, as a message before its download: a /cancel
        # (or "/size small") sent just after the tap comes after it. Under the group's own
        # message (an anonymous admin's), the tap may be the group's: numbered as the group too,
        # so the group's /cancel sent while the tapper is looked up (getChatMember) waits for it;
        # the number it turns out not to be is given back at once (it held up the tapper's own
        # messages, in every chat, until the group's painting ended)
        message = query.message         # (None under an inline-mode message: then the private chat)
        where = f"tg:{message.chat.id if message is not None else query.from_user.id}"
        seqs = {"user": self.layer.arrive(f"tg:{query.from_user.id}", where, query.data or "")}
        failed = None
        try:
            # (within the try: a store error here kept the tapper's number for good, and each of
            # their later messages, in every chat, waited ORDER_WAIT_S for it)
            if self._groups_message(message):
                seqs["chat"] = self.layer.arrive(f"tg:{message.chat.id}", where, query.data or "")
            await self._on_button(query, seqs)
        except Exception as exc:        # (before the layer's handle, which never raises): it got nothing
            failed = exc
        finally:
            for seq in seqs.values():
                self.layer.left(seq)
        if failed is not None:          # told once its numbers are given back
            chat = message.chat if message is not None else None
            under = message.message_id if isinstance(message, Message) and chat.type != ChatType.PRIVATE else None
            topic = message.message_thread_id if isinstance(message, Message) and message.is_topic_message else None
            await self._tell_failed(failed, query.from_user, chat, query.data or "", under, topic)

    async def _on_button(self, query, seqs: dict[str, int]) -> None:
        try:
            await query.answer()
        except TelegramError:
            pass
        message = query.message         # None under an inline-mode message: then the private chat
        # a message too old for the bot (InaccessibleMessage) has no text or topic, but still its chat
        chat = message.chat if message is not None else None
        topic = message.message_thread_id if isinstance(message, Message) and message.is_topic_message else None
        # under an anonymous admin's photo or painting, their tap (from their own account) is the
        # group's, as their messages are: their name was kept with the job, for a restart's delivery
        as_chat = chat if "chat" in seqs and await self._anonymous_admin(chat.id, query.from_user) else None
        self._note_picked(message)
        self.layer.left(seqs.pop("user" if as_chat is not None else "chat", -1))   # not this tap's
        req = self._request(query.from_user, chat, query.data or "", topic, sender_chat=as_chat)
        req.mentioned = True
        req.seq = seqs["chat" if as_chat is not None else "user"]
        # in a group, the replies answer the message the button is under (a photo's artist buttons,
        # a painting): among others' paintings, which photo this one is of, and whose
        under = message.message_id if isinstance(message, Message) and req.is_group else None
        out = TelegramResponder(self.app.bot, chat.id if chat else query.from_user.id, reply_to=under,
                                thread_id=topic, on_sent=self._on_sent(req.user_id), refused=self.refused,
                                on_painting=self._painting_sent)
        parsed = self.layer.parse(req)
        if await self._refused_up_front(req, parsed, self.layer.kind_of(req, parsed), 0, out):
            return
        HANDLED_SEQ.set(req.seq)
        self._handed_over(req)
        await self.layer.handle(req, out)

    def _note_picked(self, message) -> None:
        """A button tapped under the bot's answer to a message (the artist buttons under a photo,
        which answer it): the message is marked picked, so its caption fixed later ("gohg" to
        "gogh", on_plain_edit) does not paint the photo a second time. Not under a painting: its
        Stronger or Weaker is no answer to what the caption asks."""
        if not isinstance(message, Message) or message.photo or message.document or message.reply_to_message is None:
            return
        replied = message.reply_to_message
        acted = self._acted.get((replied.chat_id, replied.message_id))
        if acted is not None:
            acted["picked"] = True

    def _groups_message(self, message) -> bool:
        """Whether a message with buttons answered the group itself (an anonymous admin): its
        reply_to_message sent as the group, or a message this front-end sent for the group, or
        the painting it names the group's job. A tap there by an admin who stays anonymous is
        the group's (_anonymous_admin); anyone else's is their own."""
        if not isinstance(message, Message) or message.chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
            return False
        chat = message.chat.id
        replied = message.reply_to_message
        if (replied is not None and replied.sender_chat is not None and replied.sender_chat.id == chat) or \
                self._sent_for.get((chat, message.message_id)) == f"tg:{chat}":
            return True
        ref = self.ref_of(message)
        return bool(ref) and self.layer.painting_owner(f"tg:{chat}", ref) == f"tg:{chat}"

    async def _anonymous_admin(self, chat: int, user) -> bool:
        """Whether ``user`` is an admin of the group who stays anonymous there (getChatMember)."""
        try:
            member = await self.app.bot.get_chat_member(chat, user.id)
        except TelegramError:
            return False
        return member.status in (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR) and \
            bool(getattr(member, "is_anonymous", False))

    def _request(self, user, chat, text: str, topic: int | None = None, sender_chat=None) -> Request:
        """``sender_chat``: the chat a group message was sent on behalf of (an anonymous admin's
        message comes as the group itself, a user posting as their channel as the channel), which
        is then who sent it (sender_id)."""
        group = chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)
        chat_id = chat.id if chat is not None else user.id
        sender, name = (sender_chat.id, sender_chat.effective_name or "") if sender_chat else (user.id, user.full_name)
        # kept with a job, for deliver after a restart: in a group whom to mention, in which topic;
        # the user's app language ("locale"), which what deliver says itself is in (as the layer's
        # replies are) unless /lang says otherwise: without it, it was DEFAULT_LANG's
        origin = {"name": display_name(name), **({"thread": topic} if topic else {})} if group else {}
        if user is not None and user.language_code:
            origin["locale"] = user.language_code

        async def is_admin() -> bool:
            if sender == chat_id:       # an anonymous admin: only admins may write as the group
                return True
            try:
                member = await self.app.bot.get_chat_member(chat_id, sender)
            except TelegramError:
                return False
            return member.status in (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)

        return Request(platform="tg", user_id=f"tg:{sender}", chat_id=f"tg:{chat_id}", text=text,
                       user_name=name, origin=origin or None, as_chat=sender_chat is not None,
                       locale=user.language_code if user is not None else None, community_id=f"tg:{chat_id}" if group else None,
                       is_admin=is_admin, bot_username=self.username)

    async def _images_of(self, msg: Message, images: list[bytes], errors: list[UploadError]) -> None:
        """Download the photo or document of a message (largest photo size within the limit); a
        video, a voice message, a GIF (moving_media) is an error, "still pictures only"."""
        limit_mb = download_limit_mb(self.settings)
        limit = int(limit_mb * 1024 * 1024)
        target = None
        # an animation's mp4 document too: not downloaded, no picture in it; an animated or video
        # sticker replied to as well (it was passed over, and the user's last photo painted instead)
        if moving_media(msg) or (msg.sticker and (msg.sticker.is_animated or msg.sticker.is_video)):
            errors.append(UploadError("not_a_still_picture"))
            return
        if msg.photo:
            fitting = [p for p in msg.photo if not p.file_size or p.file_size <= limit]
            target = fitting[-1] if fitting else msg.photo[-1]
        elif msg.document:
            target = msg.document
        elif msg.sticker:
            target = msg.sticker
        if target is None:
            return
        if target.file_size and target.file_size > limit:
            errors.append(UploadError("file_too_large", size=round(target.file_size / 1024 / 1024, 1),
                                      limit=limit_mb))
            return
        try:        # a 500 or flood control once said "That file could not be read as an image"
            file = await with_retries(target.get_file, DOWNLOAD_PATIENCE_S, idempotent=True)
            images.append(bytes(await with_retries(file.download_as_bytearray, DOWNLOAD_PATIENCE_S, idempotent=True)))
        except TelegramError as exc:
            log.warning("download failed: %s", type(exc).__name__)
            if "too big" in str(exc).lower():
                key = "file_too_large"
            elif isinstance(exc, (RetryAfter, NetworkError)) and not isinstance(exc, BadRequest):
                # Telegram's side (5xx, timeouts, the connection lost, each try): "could not be read
                # as an image" blamed the user's file, which sent again paints
                key = "download_failed"
            else:
                key = "bad_image"
            errors.append(UploadError(key, size="?", limit=limit_mb))

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        # the exception's text never holds the token (URLs are not in python-telegram-bot's errors)
        log.warning("telegram handler error: %s: %s", type(context.error).__name__, context.error)
