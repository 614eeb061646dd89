"""The local web chat: one page (static/index.html) talking to the command layer over a WebSocket.

Browser -> server: {"text": "...", "image": base64 or null, "images": [more base64, up to 10] (several
paintings for /addstyle), "reply_to": message id or null,
"locale": "ko-KR", "user": "<random id kept in localStorage>", "qid": the message's own id (one
sent again, by a duplicated tab, is not answered twice), "too_big_mb": the size of a file the page
refused as over the limit and did not send (a command that would paint it is refused so), "waited_ms": how
long the page held it before it could send it (the bot down or starting; its "done in" counts it: held_wait.py)}, and {"op": "hello", "user"} on
connecting, so results that finished while the page was closed (or reconnecting) are shown ("fresh":
true from a page that shows nothing yet, a new tab: it is sent the user's last paintings too;
"have": the ids of the paintings it shows: it is sent those of the last ones it lacks (not "fresh": each after its
progress line as it stands); "lines": its
progress lines left unfinished (those it shows under way too): it is sent them as they stand, their
outcome if they have one, or that they are settled where the bot has no word of them; and every
line still under way that it did not name (one sent while it was away, /addstyle's too);
"oldest": the id of the oldest message it shows: none of the last paintings from before it;
"welcomed": true from a browser past its first visit, which asks for no welcome: where the bot
knows its user no more (a /forgetme), an empty page is sent /start's welcome; false: the page asks
for the welcome itself, with a /start of no client_id, which a user the bot knows is answered with
the welcome back instead, once a page, unless the user has no photo kept and no painting yet).
Server -> browser: {"op": "hello", "max_upload_mb", "max_megapixels", "too_big": {"en", "ko": the
refusal of a file over the limit, "{size}" to fill}, "commands": the Korean command words, which
the page links where a reply names them, as it does Latin ones} first: the page refuses a bigger
file itself, and does not draw a picture of more megapixels (read from its header); {"op": "send" | "edit", "id": "<run>-<n>", "text", "image" (data URL), "buttons",
"document": {"name", "data" (data URL)}, "progress"} (a button: {"label", "command", and "labels":
{"en", "ko"} where it is one of the bot's button words or an artist's name, said in the user's language after a /lang}),
"texts": {"en", "ko"} (a picture's caption that is one of the bot's fixed texts: said so too),
"touch" and "texts_touch": the text and texts as said under a finger, where they differ ("Tap one"
where the others say "Click one"),
"plain": [the command a refusal says the bot does not know ("/stlye"), which the page does not
link], "whole": [the style commands the text names with a style's name ("/style 푸른 물결"), which the
page links whole (whole_commands.py)], "reply": true (an edit that ends a progress line with a
reply of its own, not a painting's status: drawn as a reply, line_outcomes.py), "welcome": true
(the bot's welcome, which a first visit's page waits for, or the welcome back that stands for it) (an edit with "progress"
false is the line's outcome); {"op": "ack", "id", "ids", "client_id"} for
an upload (ids: one per picture; again for a copy the page sent again, ids empty after a restart); {"op": "preview", "id", "image"}: a JPEG of that uploaded picture
for a page that cannot draw it (HEIC; preview.py); {"op": "lang", "lang": "en" | "ko"} after each
answer, for the page's own words; {"op": "settled", "ids"}: these progress lines are done though
no outcome replaced them (their request is answered: it failed before, with a reply of its
own; or lines its hello named that the bot has no word of: it let them go, or a job resumed after a
restart edits them soon; one from before a restart with nothing kept of it gets an edit saying it was
lost instead: kept_results.py); {"op": "unanswered", "client_id", "qid", "text"}: that message of the page's ended with no
reply of its own (a refusal the command layer says once a burst: said above it; where it was said to
another of the user's pages, it is said on this one instead, once; or a /cancel sent after it
stopped it: said below it), the text to say so under it (with "qid" alone, the message's own id,
to the user's other pages and to a page reloaded meanwhile; "not_taken": true, a photo a limit
turned away in a flood: the page marks the photo itself; "again": true, a stop cut its answer
off: the page sends it again once connected, where it still has it, else shows the text: stopping.py); {"op": "mine", "text", "images",
"ids", "names", "qid"}: a message the user sent from another of their pages (one the page showed
as a bubble: it sent a "client_id" and "shown", the bubble's text), so each page shows it above the
replies, and its answer (each reply under one id on every page; its "lang" too). Buttons send
their command back as text. Message ids are unique to this run of the bot, so a page that
reconnects (or outlives a restart) never has an old message overwritten by a new one.
"""
from __future__ import annotations

import asyncio
import base64
import contextlib
import contextvars
import binascii
import dataclasses
import itertools
import logging
import mimetypes
import re
import secrets
import time
from collections import OrderedDict, defaultdict
from functools import lru_cache
from pathlib import Path

from aiohttp import WSCloseCode, WSMsgType, web

from ..bounded import Newest
from ..chat import PAINTING_REF, plain_number, reworded
from ..commands import KOREAN_ALIASES, PAINTS_PHOTO, QUIET_KEYS, CommandLayer, Reply, Request
from ..community_commands import STYLE_PAINTINGS_MAX
from ..images import UploadError
from ..messages import LANGS, t, table
from ..start_wording import start_with_lines
from ..store import Prefs
from .clients import browser_locale, client_address
from .held_wait import waited_before
from .kept_results import KeptResults, reply_row
from .line_outcomes import is_status_outcome
from .origins import foreign_page
from .preview import preview, undrawn
from .sent_again import answered_before_restart, keep_answered, keep_cut_off
from .stopping import ANSWERS_STOP_WAIT_S, CUT_OFF_MARK_S, Answering, AnswersUnderWay, may_send_again, tell_cut_off
from .unknown_commands import unknown_commands
from .whole_commands import whole_commands

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
COMMUNITY = "web:local"     # every local web chat user shares one community (its styles)
# the web chat's bot name, the product's: "/style gogh@paintbot" (as Telegram's menu writes it,
# copied here) paints gogh; without a name the "@paintbot" stayed part of the artist's name. It
# is the only bot here: "/style@otherbot gogh" is answered too (Request.only_bot), not ignored as
# in a Telegram group
BOT_NAME = "paintbot"
TASKS = web.AppKey("tasks", set)
HUB = web.AppKey("hub", object)
# the answers under way, each with its message: a stop waits for them a while, then tells the users
# of those it cut off (stopping.py)
ANSWERS = web.AppKey("answers", AnswersUnderWay)
# every open socket, those that never said hello too (WebChatHub.sockets has a user's only): closed
# at a stop, where aiohttp waits for each open one's handler (2 x its shutdown_timeout)
PAGES = web.AppKey("pages", set)
PAGES_CLOSE_S = 2.0       # what a stop gives the open pages to answer their socket's close
KEEP_REPLIES = 20          # replies kept per offline user until they next connect
KEEP_IMAGES = 50           # pictures per user a reply-to can point at ...
KEEP_IMAGE_BYTES = 100 * 1024 * 1024    # ... within this many bytes
IN_FLIGHT_SPARE = 2        # messages a page may have answered at once beyond its paintings (/status, /cancel)
IN_FLIGHT_TEXT = 20        # ... and messages without pictures (a burst of 30 refused /status and /cancel too)
BUSY_QUIET_S = 10.0        # past those, "still answering" is said once this long (30 photos got it 23 times)
KEEP_LINES = 20            # progress lines per user kept as last shown: as many as a page names in its hello
KEEP_RECENT = 3            # paintings per user a new tab is shown (WebChatHub.recent)
KEEP_HANDLED = 200         # ids of a user's messages answered ("qid"): one sent again (a duplicated tab) is not
# ids of the messages one page was sent (WebResponder.shown): a page shows its last 60 again after a
# reload (index.html's KEEP_SHOWN), and what may be sent again is newer still (KEEP_RECENT, KEEP_LINES)
KEEP_SHOWN_IDS = 60
OFFLINE_KEEP_S = 3600.0    # a user's pictures (for replies) are kept this long after their last page closed
WAITING_USERS = 1000       # offline users whose results are kept for their next visit (the oldest go)
PREVIEWS_WAITING_MAX = 8   # pictures waiting for a preview, per user; past it, none of theirs is made
PREVIEWS_WAITING_ALL = 32  # ... and all users together (memory: each holds its upload)
USER_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")    # the shape of an id the page makes (a UUID fits)
# new ids one client address may bring a minute: each is a user of its own (the per-user limits of
# jobs and paintings waiting), and a script naming a fresh one on each socket was past them all.
# A browser has one id (its tabs and reloads share it); a household or an office behind one address
# opening the chat at once stays far below. An anonymous socket (no id) is a new one too
NEW_IDS_PER_MINUTE = 20
NEW_IDS_WINDOW_S = 60.0
NEW_IDS_ADDRESSES = 10000  # addresses remembered (the oldest go)
# pictures a page puts in one message (/addstyle NAME with several paintings): its hello says so,
# and the server reads at most this many in all (it took the first and 10 more: 11, which
# /addstyle then refused)
MAX_PICTURES = STYLE_PAINTINGS_MAX
# the command layer's texts that speak of captions (Telegram's way), said as the page has it: a
# photo attached with 📷 and the command typed in the same message (the welcome told web users to
# send a command "as its caption"; /help speaks of none)
WEB_WORDING = {"text_hint": "web_text_hint", "no_photo": "web_no_photo", "no_photo_for": "web_no_photo_for",
               "no_style_no_photo": "web_no_style_no_photo"}
# the welcome is the bot's own ("start": one text; web_start was a copy of it, which a change to the
# welcome would miss), the first line of its second and third paragraphs (those that speak of
# captions) the page's
WEB_START_LINES = {1: "web_start_how", 2: "web_start_named"}
# "Tap one", "tap below": a phone's word, for Telegram's buttons; here they are clicked
TAP = re.compile(r"\b([Tt])ap(s|ped|ping)?\b")
CLICKED = {"": "", "s": "s", "ped": "ed", "ping": "ing"}     # "tapped": "clicked", not "clickped"
# the Korean command words ("도움말", "화가목록"), for the page: named in a reply, they are links
KOREAN_COMMAND_WORDS = sorted(KOREAN_ALIASES)
# the names of the command that makes a style of the pictures sent (the page words the files it
# left out as paintings for it alone)
STYLE_COMMAND_NAMES = ["addstyle"] + sorted(k for k, v in KOREAN_ALIASES.items() if v == "addstyle")
# the progress lines a request's answer has sent and not yet given an outcome (its task's own
# list): settled once it is answered
_LINES: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("webchat_lines", default=None)
# the progress lines a request's answer gave their outcome, the latest last (its task's own list):
# the painting sent next is that line's job's (WebChatHub.painting_lines)
_ENDED: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("webchat_ended", default=None)
# the replies a request's answer sent or edited (its task's own list): none, and its bubble is
# marked so on the page (a refusal the layer says once a burst left the rest of it unanswered)
_SAID: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("webchat_said", default=None)
# the refusals the layer says once a burst (QUIET_KEYS) a request's answer said (its task's own
# list): said once for the user's chat, which all their tabs share
_REFUSED: contextvars.ContextVar[list[tuple[str, Reply]] | None] = \
    contextvars.ContextVar("webchat_refused", default=None)     # (its id, the refusal)
# whether a request's replies go to every open page of the user (its task's own): a message the
# page showed as a bubble is shown on their other pages too (echo), and so is its answer there
_EVERY_PAGE: contextvars.ContextVar[bool] = contextvars.ContextVar("webchat_every_page", default=False)
# the message a request's answer answers (its task's own): a painting sent for it is noted there,
# so that a stop cutting the answer off does not have the page send it again (stopping.py)
_ANSWERING: contextvars.ContextVar[Answering | None] = contextvars.ContextVar("webchat_answering", default=None)


def in_every_lang(key: str, **params) -> dict[str, str]:
    """A text in each of the bot's languages, for the page's hello ({"en": ..., "ko": ...})."""
    return {lang: t(lang, key, **params) for lang in LANGS}


@lru_cache(maxsize=None)
def _quiet_refusals() -> tuple[re.Pattern, ...]:
    """The layer's refusals said once a burst (QUIET_KEYS; "_one": its text where it counts 1), in
    each language, a {field} any text."""
    return tuple(re.compile("".join(".*?" if i % 2 else re.escape(part)
                                    for i, part in enumerate(re.split(r"\{(\w+)\}", table(lang)[key]))), re.S)
                 for lang in LANGS for key in (*QUIET_KEYS, *(k + "_one" for k in QUIET_KEYS)) if key in table(lang))


def quiet_refusal(reply: Reply) -> bool:
    """Whether ``reply`` is one of the refusals the layer says once a burst (not "no such style",
    nor "something went wrong": said each time, they are not why a request got nothing)."""
    return bool(reply.text) and not reply.image and not reply.progress and \
        any(pattern.fullmatch(reply.text) for pattern in _quiet_refusals())


def _decoded(item) -> bytes:
    """A data URL (or bare base64) from the page -> bytes; b"" for garbage."""
    try:
        return base64.b64decode(str(item).split(",")[-1], validate=False)
    except (binascii.Error, ValueError):
        return b""


def web_start(lang: str) -> str:
    """The bot's welcome as the page has it: its lines that speak of captions said the page's way
    (a photo attached with 📷 and the command typed in the same message)."""
    return start_with_lines(lang, WEB_START_LINES)      # (Discord's messages reword it the same way)


@lru_cache(maxsize=None)
def _tapping() -> tuple[tuple[str, str], ...]:
    """The words of the bot's English texts that speak of tapping (each text's parts between its
    {fields}: a user's own words in a field stay as they are), and the same clicked."""
    parts = {part for text in table("en").values() for part in re.split(r"\{\w+\}", text) if TAP.search(part)}
    return tuple((part, TAP.sub(lambda m: ("C" if m[1] == "T" else "c") + "lick" + CLICKED[m[2] or ""], part))
                 for part in sorted(parts, key=len, reverse=True))


def touch_text(text: str) -> str:
    """A reply's text said the page's way on a touch screen: the welcome (``web_start``), "tap" kept."""
    for lang in LANGS:
        if text == t(lang, "start"):
            return web_start(lang)
    return text


def web_text(text: str) -> str:
    """A reply's text said the page's way: the welcome (``web_start``), "tap" clicked."""
    text = touch_text(text)            # (the welcome's "tap", were it to say one, clicked too)
    if TAP.search(text):
        for tapped, clicked in _tapping():
            text = text.replace(tapped, clicked)
    return text


@lru_cache(maxsize=None)
def _button_words() -> dict[str, dict[str, str]]:
    """A button's label (one of the bot's button texts, in any language) -> it in each language."""
    return {text: {lang: t(lang, key) for lang in LANGS}
            for any_lang in LANGS for key, text in table(any_lang).items() if key.startswith("button_")}


def _artist_names(b, catalog) -> dict[str, str] | None:
    """An artist's button (its label the name of an artist its command names: "/style gogh #..."
    labelled "Vincent van Gogh" or "빈센트 반 고흐") -> the name in each language; None otherwise
    (a community style has one name)."""
    for word in b.command.split()[1:] if catalog is not None else ():
        artist = catalog.get(word)
        if artist is not None and b.label in (artist.name(lang) for lang in LANGS):
            return {lang: artist.name(lang) for lang in LANGS}
    return None


def button(b, catalog=None) -> dict:
    """A button as the page reads it; "labels": its label in each language, where it is one of the
    bot's own or an artist's name (``catalog``): the page says it in the language the user chose
    since (after /lang, the buttons under older paintings stayed in the old one, and then the
    artist buttons under an older photo, among Korean words)."""
    data = {"label": b.label, "command": b.command}
    if labels := _button_words().get(b.label) or _artist_names(b, catalog):
        data["labels"] = labels
    return data


@lru_cache(maxsize=None)
def _fixed_texts() -> dict[str, str]:
    """One of the bot's texts that has no {field} (in any language) -> its key."""
    return {text: key for lang in LANGS for key, text in table(lang).items() if not re.search(r"\{\w+\}", text)}


def caption_texts(reply: Reply, said=web_text) -> dict[str, str] | None:
    """A picture's caption in each language, as the page says it, where it is one of the bot's
    fixed texts (/preview's "Your photo in nine styles"): the page says it in the language the
    user chose since, as it does the picture's buttons (after /lang ko it stayed English)."""
    key = _fixed_texts().get(reply.text) if reply.image and reply.text else None
    return {lang: said(t(lang, key)) for lang in LANGS} if key else None


def payload(op: str, mid: str, reply: Reply, catalog=None) -> dict:
    """A reply as the page reads it: {"op": "send" | "edit", "id", "text", ...}; ``catalog``: the
    artists, whose buttons come with their names in each language."""
    texts, touch_texts = caption_texts(reply), caption_texts(reply, touch_text)
    # the bot's welcome: a first visit's page waits for it (an answer to another tab's message,
    # sent to every page, was taken for it, and the welcome itself kept in the page's history)
    welcome = bool(reply.text) and any(reply.text == t(lang, "start") for lang in LANGS)
    unknown = unknown_commands(reply.text)
    # a progress line's outcome that is no painting's status: drawn as a reply, not greyed as its line
    answer = op == "edit" and not reply.progress and not is_status_outcome(reply.text)
    reply = reworded(reply, WEB_WORDING)
    touch = touch_text(reply.text) if reply.text else ""
    if reply.text:
        reply = dataclasses.replace(reply, text=web_text(reply.text))
    data = {"op": op, "id": mid, "text": reply.text, "progress": reply.progress,
            "buttons": [[button(b, catalog) for b in row] for row in reply.buttons]}
    if reply.image:
        data["image"] = "data:image/jpeg;base64," + base64.b64encode(reply.image).decode()
    if texts:
        data["texts"] = texts
    # "Tap one" where the page is under a finger (it says which): "Click one" said there too
    if touch != reply.text:
        data["touch"] = touch
    if touch_texts != texts:
        data["texts_touch"] = touch_texts
    if welcome:
        data["welcome"] = True
    if unknown:
        data["plain"] = unknown
    if whole := whole_commands(reply.text):
        data["whole"] = whole
    if answer:
        data["reply"] = True
    if reply.document:
        name, body = reply.document
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        data["document"] = {"name": name, "data": f"data:{kind};base64," + base64.b64encode(body).decode()}
    return data


class Pictures(Newest):
    """A user's pictures, for replies to them (message id -> bytes): the newest KEEP_IMAGES, and
    within KEEP_IMAGE_BYTES together (50 pictures of 20 MB were 1 GB a user), the newest kept
    whatever its size. One set again keeps its place."""

    def __init__(self) -> None:
        super().__init__(KEEP_IMAGES, refresh=False)

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        while len(self) > 1 and sum(map(len, self.values())) > KEEP_IMAGE_BYTES:
            self.popitem(last=False)


class SentIds(Newest):
    """The ids a page was sent, as a set: its newest KEEP_SHOWN_IDS (a socket open for days grew
    by each reply and progress line)."""

    def __init__(self) -> None:
        super().__init__(KEEP_SHOWN_IDS, refresh=False)

    def add(self, mid: str) -> None:
        self[mid] = None

    def __ior__(self, ids) -> "SentIds":
        for mid in ids:
            self.add(mid)
        return self


class WebResponder:
    """Sends replies down one browser's socket and remembers their images for replies-to. A reply
    that finds the socket gone (the page closed or lost its connection while the job ran) goes
    to the user's other open pages, or waits for their next visit (``WebChatHub.deliver``)."""

    def __init__(self, ws: web.WebSocketResponse, hub: "WebChatHub"):
        self.ws, self.hub = ws, hub
        self.chat_id: str | None = None        # the user's chat, once the page has said who it is
        self.user: str | None = None           # the socket's user: the first one it names (_serve)
        self.in_flight = 0                     # its messages being answered
        self.refused_picture = False           # a picture refused as too many were under way (_serve)
        self.told_busy: dict = {}          # pictures or not (or a refusal's key) -> when "still answering" was said (_serve)
        self._images = Pictures()                              # an anonymous page's own
        self._painted: dict[str, str | None] = Newest(KEEP_IMAGES, refresh=False)   # (and which are the bot's)
        # the ids of the messages this page was sent, or said it shows ("have"): a painting goes
        # to a page once, whichever of a delivery and its hello reaches it first
        self.shown = SentIds()
        self.told: dict[str, float] = {}       # kind of request -> when this page was shown its refusal (WebChatHub.refusals)
        # a page without its "welcomed" flag whose user the bot knew when it joined (_serve), and
        # whether it was greeted then: the page's own /start gets one greeting, not a second
        self.known_user = False
        self.greeted = False
        self.locale: str | None = None         # the browser's language, for what its joining says (lost lines)

    @property
    def images(self) -> "Pictures":
        """Message id -> picture (the user's and the bot's): the user's, across their pages."""
        return self.hub.images[self.chat_id] if self.chat_id else self._images

    @property
    def painted(self) -> dict[str, str | None]:
        """Message id -> the job its buttons name (or None), for the pictures the bot sent: a reply
        to one acts on that painting (its photo, its styles), as on Telegram; it was taken as a
        new photo, and "/weaker" weakened the last painting instead."""
        return self.hub.painted[self.chat_id] if self.chat_id else self._painted

    def remember(self, mid: str, image: bytes, reply: Reply | None = None) -> None:
        """A picture of the user's (or, with ``reply``, the bot's), for replies to it."""
        self.images[mid] = image
        if reply is not None:       # (kept as long as its picture at least: a reply looks in ``images`` first)
            self.painted[mid] = next((m.group(1) for row in reply.buttons for b in row
                                      if (m := PAINTING_REF.search(b.command))), None)

    def _payload(self, op: str, mid: str, reply: Reply) -> dict:
        return payload(op, mid, reply, self.hub.catalog)

    async def send(self, reply: Reply, mid: str | None = None) -> str:
        """To this page; a picture also to the user's other open pages, under one ``mid`` on all of
        them: a painting's progress line is on all of them (``edit``), and a second tab showed it
        "done" with no painting. Any reply to a message those pages show too (``_EVERY_PAGE``):
        they showed the user's question and not its answer."""
        mid = mid or self.hub.new_id()
        if (said := _SAID.get()) is not None:
            said.append(mid)
        if (refused := _REFUSED.get()) is not None and quiet_refusal(reply):
            refused.append((mid, reply))
        answering = _ANSWERING.get() if reply.image else None
        if answering is not None:
            answering.painting_maybe_out = True     # (before the send: cut off mid-send, it may be there)
        era = self.hub.era(self.chat_id)
        if reply.image and self.chat_id and (ended := _ENDED.get()):
            # the line whose outcome came just before it: its job's ("done in 3 s"), which a page
            # sent this painting later (back from a reload) is sent with it
            self.hub.painting_lines[self.chat_id][mid] = ended[-1]
            ended.clear()
        if await self.send_here(reply, mid, era):
            if answering is not None:
                # the page took it: cut off now, its user has it (not where it went on to another
                # page or was kept for a later visit, below: told to send it again, as if unsent)
                answering.painting_out = True
            if (reply.image or _EVERY_PAGE.get()) and self.chat_id:
                await self.hub.to_every_page(self.chat_id, reply, mid, era, sent_to={self})
            return mid
        if reply.progress and self.chat_id:
            # a progress line this page did not take (reloading as the photo came in): kept under
            # its own id (hub.lines, by send_here), which its edits use, to the user's other open
            # pages and, as it stands, to the page back from its reload (join). Sent again under a
            # new id it showed a stale "starting…" beside a separate "done in 0.08 s"
            await self.hub.to_every_page(self.chat_id, reply, mid, era, sent_to={self})
            return mid
        if self.chat_id and self.hub.era(self.chat_id) == era:     # (not once /forgetme deleted it)
            self.hub.unkept(self.chat_id, mid)           # sent again under another id (its line with it)
            await self.hub.deliver(self.chat_id, [reply],
                                   painting_line=self.hub.painting_lines.get(self.chat_id, {}).pop(mid, None))
        return mid

    async def send_here(self, reply: Reply, mid: str, era: int | None = None) -> bool:
        """``reply`` to this page alone, under ``mid`` (its picture remembered, its progress line
        noted, whether or not the page took it); whether it did. No fallback: ``send``'s, or
        ``WebChatHub.deliver``'s, which knows what the user's other pages were sent (a page closing
        mid-send there had the painting sent again to every other page: twice on them). A message
        this page has (``shown``) is not sent again: taken as sent. Nor one of a delivery the user's
        /forgetme came during (``era``: ``WebChatHub.era`` when it started): kept nowhere, taken as
        sent (its rest had put the painting back in the memory /forgetme cleared)."""
        if mid in self.shown or era is not None and self.hub.era(self.chat_id) != era:
            return True
        self.shown.add(mid)                     # before the send: a delivery meanwhile skips this page
        if reply.image:
            self.remember(mid, reply.image, reply)
        if reply.progress and self.chat_id:
            self.hub.note_line(self.chat_id, self._payload("edit", mid, reply))
        if reply.progress and (lines := _LINES.get()) is not None and mid not in lines:
            lines.append(mid)
        if self.ws.closed:
            return False
        try:
            await self.ws.send_json(self._payload("send", mid, reply))
        except ConnectionError:            # closed while sending
            return False
        if reply.image and self.chat_id and (era is None or self.hub.era(self.chat_id) == era):
            self.hub.note_recent(self.chat_id, mid, reply)      # under the id a page shows
        return True

    async def settle(self, ids: list[str]) -> None:
        """The request is answered, and these progress lines of it got no outcome (the job failed
        on the way: its error is a reply of its own): they are done, on every page of the user
        that shows them. A page keeps a progress line aria-busy (see index.html), and never read
        a line frozen at "painting… 40%" to a screen reader."""
        if not ids:
            return
        for mid in ids:
            kept = self.hub.lines.get(self.chat_id, {}).get(mid) if self.chat_id else None
            if kept is not None:
                kept["progress"] = False       # a page opened later shows it as settled too
        await self._to_all_pages({"op": "settled", "ids": ids})
        await self.hub.keep(self.chat_id)       # (so after a restart too)

    async def edit(self, handle: str, reply: Reply) -> None:
        """Progress lines: to every open page of the user (one reloaded mid-job shows it too; the
        painting itself goes where ``send`` sends it), never kept for a closed one. An edit not
        marked progress is the line's outcome: it needs no settling."""
        payload = self._payload("edit", handle, reply)
        if (said := _SAID.get()) is not None:
            said.append(handle)
        era = self.hub.era(self.chat_id)
        if self.chat_id:
            self.hub.note_line(self.chat_id, payload)
        if not reply.progress and (lines := _LINES.get()) is not None and handle in lines:
            lines.remove(handle)
            if (ended := _ENDED.get()) is not None:
                ended.append(handle)
        if not await self._to_all_pages(payload) and not reply.progress and self.chat_id \
                and self.hub.era(self.chat_id) == era:
            # no page open (reloading, closed): the next one gets it with the painting, which
            # waits for it too; a reloaded page keeps no unfinished line, and showed no "done"
            self.hub.note_unseen(self.chat_id, payload)
        if not reply.progress:
            await self.hub.keep(self.chat_id)   # the line's outcome, for a page opened after a restart too

    async def show_previews(self, pictures: list[tuple[str, bytes]], max_mb: float, max_megapixels: float) -> None:
        """A JPEG for each uploaded picture the page cannot draw (HEIC: its bubble showed a
        placeholder), one after the other (an /addstyle of ten HEICs is not ten decodes at once),
        to every page of the user that shows that message."""
        hub, whose = self.hub, self.chat_id or self.user or id(self)
        for mid, raw in pictures:
            # a flood: those keep their placeholder. Counted per user: one page sending TIFFs in a
            # loop left every other user's photo a placeholder (the count was the whole chat's)
            if hub.previews_waiting.get(whose, 0) >= PREVIEWS_WAITING_MAX or \
                    sum(hub.previews_waiting.values()) >= PREVIEWS_WAITING_ALL:
                return
            hub.previews_waiting[whose] = hub.previews_waiting.get(whose, 0) + 1
            try:
                # one decode at a time for the whole chat (memory and CPU), taken in turns: a user's
                # next waits for their previous (their lock), so another user's waits for one of
                # theirs at most, not for all of a flood
                async with hub.preview_turns[whose], hub.previews:
                    jpeg = await asyncio.to_thread(preview, raw, max_mb, max_megapixels)
            finally:
                hub.previews_waiting[whose] -= 1
                if not hub.previews_waiting[whose]:
                    del hub.previews_waiting[whose]
                    hub.preview_turns.pop(whose, None)
            if jpeg:
                await self._to_all_pages({"op": "preview", "id": mid,
                                          "image": "data:image/jpeg;base64," + base64.b64encode(jpeg).decode()})

    async def _to_all_pages(self, payload: dict) -> int:
        """``payload`` to every open page of the user; how many took it."""
        pages, sent = {self} | (self.hub.sockets.get(self.chat_id, set()) if self.chat_id else set()), 0
        for page in pages:
            if not page.ws.closed:
                try:
                    await page.ws.send_json(payload)
                    sent += 1
                except ConnectionError:
                    pass
        return sent


class WebChatHub:
    """The open sockets of each web chat user, for replies outside a request (``deliver``)."""

    def __init__(self) -> None:
        self.sockets: dict[str, set[WebResponder]] = defaultdict(set)
        self.waiting: dict[str, list[Reply]] = defaultdict(list)
        self.images: dict[str, Pictures] = defaultdict(Pictures)
        self.painted: dict[str, Newest] = defaultdict(lambda: Newest(KEEP_IMAGES, refresh=False))   # WebResponder.painted
        self.lines: dict[str, Newest] = defaultdict(lambda: Newest(KEEP_LINES))   # progress lines, as last shown
        self.unseen: dict[str, Newest] = defaultdict(lambda: Newest(KEEP_REPLIES, refresh=False))  # outcomes no page got
        self.recent: dict[str, list[tuple[str, Reply]]] = {}    # the last paintings sent, for a new tab
        # painting id -> its job's progress line (WebResponder.send): a page sent the painting on
        # its return from a reload is sent the line too, where the line went to another tab alone
        self.painting_lines: dict[str, Newest] = defaultdict(lambda: Newest(KEEP_LINES, refresh=False))
        self.handled: dict[str, Newest] = defaultdict(lambda: Newest(KEEP_HANDLED))    # (handled_before)
        self.left_at: dict[str, float] = {}     # user -> when their last page closed
        self.new_ids: Newest = Newest(NEW_IDS_ADDRESSES)   # address -> id -> first seen (admits)
        self.offline_keep_s = OFFLINE_KEEP_S
        self._run = secrets.token_hex(3)        # ids differ from an earlier run's, which a page may still show
        self._count = itertools.count(1)
        # previews are made before a request's rate limits: one at a time, and only so many waiting
        self.previews = asyncio.Semaphore(1)
        self.previews_waiting: dict = {}     # user (or an anonymous page) -> their pictures waiting
        self.preview_turns: dict = defaultdict(asyncio.Lock)      # ... and their place in turn
        self.forgets: dict[str, int] = {}      # user -> their /forgetme count (era)
        # user -> kind of request -> (its last refusal, when): a refusal said once a burst for the
        # chat went to one tab; another tab whose message it left unanswered is told it (told_here)
        self.refusals: dict[str, dict[str, tuple[Reply, float]]] = {}
        self.catalog = None                    # the artists (create_app: the layer's), for their buttons' names
        # user -> qid -> the mark of a message of theirs that got no reply of its own, made while
        # the page that sent it was away (reloading): for the next page that opens
        self.marks: dict[str, Newest] = defaultdict(lambda: Newest(KEEP_REPLIES, refresh=False))
        # the store's copy of the users' lines' outcomes and of the replies waiting for them, which
        # a restart kept (create_app's; None: the memory alone), and each user's read back from it
        # this run (_restore)
        self.keeper: KeptResults | None = None
        self._restored: dict[str, asyncio.Future] = {}

    def era(self, chat_id: str | None) -> int:
        """How many times the user had their data deleted (/forgetme): a delivery that began
        before the last one stops (``send_here``), and keeps nothing of what it was sending."""
        return self.forgets.get(chat_id, 0) if chat_id else 0

    def new_id(self) -> str:
        return f"{self._run}-{next(self._count)}"

    def _seq(self, mid: str) -> int | None:
        """A message id's place in this run (None for another run's, or no id of ours)."""
        run, _, n = str(mid).partition("-")
        return int(n) if run == self._run and n.isdigit() else None

    async def forget(self, user_id: str) -> None:
        """/forgetme: the pictures kept for reply-to, the replies kept for a closed page, and what
        the user's open pages show (before the reply that says it is done); a delivery under way
        stops (``era``)."""
        self.forgets[user_id] = self.era(user_id) + 1
        self.images.pop(user_id, None)
        self.painted.pop(user_id, None)
        self.waiting.pop(user_id, None)
        self.lines.pop(user_id, None)
        self.unseen.pop(user_id, None)
        self.recent.pop(user_id, None)
        self.painting_lines.pop(user_id, None)
        self.refusals.pop(user_id, None)
        self.marks.pop(user_id, None)
        self._restored.pop(user_id, None)
        if self.keeper is not None:         # (after the memory: a copy of it written before is deleted)
            await self.keeper.forget(user_id)
        # one id for this /forgetme on every page: a page that heard it does not clear again when
        # another tab says it (the storage event), which wiped the "deleted" reply shown since
        forget_id = self.new_id()
        for out in list(self.sockets.get(user_id, ())):
            if not out.ws.closed:
                try:
                    await out.ws.send_json({"op": "forgotten", "id": forget_id})
                except ConnectionError:
                    pass

    def admits(self, address: str, user: str, known=lambda: False) -> bool:
        """Whether a socket from ``address`` may be ``user``'s: an id it brought within the last
        NEW_IDS_WINDOW_S, one the bot knows (``known()``: stored, before a restart too), or a new
        one while it brought fewer than NEW_IDS_PER_MINUTE then. Known ids are not counted: after
        a restart the count starts empty, and an office's 21st page reconnecting was refused."""
        now = time.monotonic()
        seen = self.new_ids.pop(address, None) or OrderedDict()
        self.new_ids[address] = seen                       # the newest last (the oldest go first)
        while seen and now - next(iter(seen.values())) >= NEW_IDS_WINDOW_S:
            seen.popitem(last=False)
        if user in seen or known():
            return True
        if len(seen) >= NEW_IDS_PER_MINUTE:
            return False
        seen[user] = now
        return True

    def handled_before(self, chat_id: str, qid: str) -> bool:
        """A message of the user's with this id was answered already: a message queued offline is
        kept with the tab's conversation (sessionStorage), and a tab duplicated meanwhile, with a
        copy of it, sent it too (its photo painted twice)."""
        handled = self.handled[chat_id]
        if qid in handled:
            return True
        handled[qid] = None
        return False

    def unkept(self, chat_id: str, mid: str) -> None:
        """A picture no page took under ``mid``: not kept for replies under it (no page shows that
        id). It goes out again under a new one, and kept under each it counted twice and more
        toward the user's KEEP_IMAGE_BYTES, pushing out their older pictures."""
        for kept in (self.images.get(chat_id), self.painted.get(chat_id)):
            if kept is not None:
                kept.pop(mid, None)

    def note_refusal(self, chat_id: str, kind: str, mid: str, reply: Reply, out: WebResponder) -> None:
        """A refusal said under ``mid`` to ``out`` for a request of this kind (the layer's once a
        burst), and to each open page of the user that was sent it too."""
        at = time.monotonic()
        self.refusals.setdefault(chat_id, {})[kind] = (reply, at)
        for page in {out} | self.sockets.get(chat_id, set()):
            if page is out or mid in page.shown:
                page.told[kind] = at

    def refusal_unseen(self, chat_id: str, kind: str, out: WebResponder) -> Reply | None:
        """The refusal that left a request of this kind unanswered, where ``out`` was not shown it
        (another tab was): the kind's own, else the chat's latest ("slow down" is said once for
        every kind). Noted as shown there now; None where it was shown (the mark says so)."""
        refusals = self.refusals.get(chat_id) or {}
        if kind not in refusals and not refusals:
            return None
        told = kind if kind in refusals else max(refusals, key=lambda k: refusals[k][1])
        reply, at = refusals[told]
        if out.told.get(told, -1.0) >= at:
            return None
        out.told[told] = at
        return reply

    def note_mark(self, chat_id: str, mark: dict) -> None:
        """An "unanswered" mark no page of the user may have got (its page was away): for the next."""
        self.marks[chat_id][mark["qid"]] = mark

    def under_way(self, chat_id: str) -> list[dict]:
        """The user's progress lines with no outcome yet, as they stand (one whose request ended
        without one is settled: ``WebResponder.settle``)."""
        return [kept for kept in self.lines.get(chat_id, {}).values() if kept.get("progress")]

    def note_line(self, chat_id: str, payload: dict) -> None:
        lines = self.lines[chat_id]
        lines[payload["id"]] = payload

    def note_recent(self, chat_id: str, mid: str, reply: Reply) -> None:
        """A painting sent to the user's pages (under its first id: one delivered to two pages is
        one painting), for a tab they open later (``join``). Memory: its picture is held anyway,
        for replies to it (``images``)."""
        recent = self.recent.setdefault(chat_id, [])
        if any(kept.image is reply.image for _, kept in recent):
            return
        recent.append((mid, reply))
        del recent[:-KEEP_RECENT]

    def note_unseen(self, chat_id: str, payload: dict) -> None:
        """A progress line's outcome that no page of the user got: for their next page."""
        unseen = self.unseen[chat_id]
        unseen[payload["id"]] = {**payload, "line": True}     # (the page draws it as a status line; set again, it keeps its place)

    async def deliver(self, chat_id: str, replies: list[Reply], line: str | None = None,
                      user_id: str | None = None, painting_line: str | None = None) -> None:
        """``_deliver``, and what it kept for the user's next visit kept in the store too (``keep``):
        a restart lost it, the painting of a user whose page was closed."""
        try:
            await self._deliver(chat_id, replies, line, user_id, painting_line)
        finally:
            await self.keep(chat_id)

    async def _deliver(self, chat_id: str, replies: list[Reply], line: str | None = None,
                       user_id: str | None = None, painting_line: str | None = None) -> None:
        """To every open page of the user; if none is open, kept (in memory, the last
        ``KEEP_REPLIES``) and sent when the user next connects. ``line``: the job's progress line
        from before a restart, which the first reply (its outcome) replaces on a page still showing
        it, or on the next page opened where none is open. (``user_id`` is the chat's own user
        here.) ``painting_line``: the progress line of the painting among ``replies``
        (WebResponder.send's, which no page took under its first id)."""
        era = self.era(chat_id)
        outs = [o for o in self.sockets.get(chat_id, ()) if not o.ws.closed]
        if line is not None and replies and not replies[0].image:
            if outs:
                await outs[0].edit(line, replies[0])          # an edit goes to every open page
            else:
                # the line's outcome all the same, for the next page, as a live job's (edit): the
                # line stayed "painting… 50%" under way, sent so to every page opened later
                outcome = payload("edit", line, replies[0], self.catalog)
                self.note_line(chat_id, outcome)
                self.note_unseen(chat_id, outcome)
            replies = replies[1:]
            # its painting's line (a page back from a reload that lacks it gets it just above it)
            painting_line = painting_line or line
        if not outs:
            self.waiting[chat_id] = (self.waiting[chat_id] + list(replies))[-KEEP_REPLIES:]
            return
        # one id a reply, the same on every page: a page that reloads says it shows that id (a
        # painting got another id on each page, and a reloaded page was sent it again: twice)
        # a page that closes as it is sent one is not a reason to send it to the others again: kept
        # for the next visit only when no page took it
        for reply in replies:
            mid = self.new_id()
            if reply.image and painting_line:
                self.painting_lines[chat_id][mid] = painting_line
            if not await self.to_every_page(chat_id, reply, mid, era):
                self.unkept(chat_id, mid)
                self.waiting[chat_id] = (self.waiting[chat_id] + [reply])[-KEEP_REPLIES:]

    async def to_every_page(self, chat_id: str, reply: Reply, mid: str, era: int | None = None,
                            sent_to: set | None = None) -> bool:
        """``reply`` under ``mid`` to each open page of the user that lacks it, pages that connect
        meanwhile included (the open pages were taken once, before the first send: one whose hello
        came before the painting was noted in ``recent`` got it from neither); whether one took it
        (or the user's /forgetme came meanwhile, ``era``: the rest is sent nowhere, kept nowhere).
        Each page once (``sent_to``: those sent it already): a page's record of what it was sent
        is bounded (SentIds), and a slow one sent 60 other replies during this one's send had
        lost its id there, and was sent it again."""
        era, taken, sent_to = self.era(chat_id) if era is None else era, False, set(sent_to or ())
        while self.era(chat_id) == era and (todo := [o for o in self.sockets.get(chat_id, ()) if not o.ws.closed
                                                     and o not in sent_to and mid not in o.shown]):
            for out in todo:
                sent_to.add(out)
                taken = await out.send_here(reply, mid, era) or taken
        return taken or self.era(chat_id) != era

    async def edit_line(self, chat_id: str, line: str, reply: Reply) -> None:
        """The progress line of a job from before a restart, where the job stands now: on the
        user's open pages (a page that outlived the restart shows that line), and kept as the
        line a page opened or reconnected meanwhile is shown (``join``)."""
        outs = [o for o in self.sockets.get(chat_id, ()) if not o.ws.closed]
        if outs:
            await outs[0].edit(line, reply)          # to every open page, and noted
        else:
            self.note_line(chat_id, payload("edit", line, reply, self.catalog))

    async def join(self, chat_id: str, out: WebResponder, busy: bool = False, fresh: bool = False,
                   have: set[str] | None = None, open_lines: set[str] | None = None,
                   oldest: str | None = None) -> str | None:
        """``_join``, with what the store kept of the user's results (before a restart too) read
        back first, and kept again as the page leaves it (what it was sent is not kept again)."""
        await self._restore(chat_id)
        try:
            return await self._join(chat_id, out, busy, fresh, have, open_lines, oldest)
        finally:
            await self.keep(chat_id)

    async def _join(self, chat_id: str, out: WebResponder, busy: bool = False, fresh: bool = False,
                    have: set[str] | None = None, open_lines: set[str] | None = None,
                    oldest: str | None = None) -> str | None:
        """A page of the user opened: the replies kept for it, and each progress line still under
        way as it stands (a page reloaded mid-job was blank; ``busy``: a job of theirs is, which
        holds a greeting back where they have lines, ``empty``). A page
        that shows nothing of the conversation (``fresh``: a new tab; each keeps its own) gets the
        user's last paintings first: it started empty though they had just painted in another.
        A page that says which paintings it shows (``have``) gets those of the last ones it lacks:
        one that finished while it reloaded, with another tab open, went to that tab alone. And
        the page's progress lines left unfinished (``open_lines``: a reloaded page shows none of
        them) as they stand now: their "done in N s" had gone to the other tab alone too. A page
        whose saved conversation was cut short (the browser's room) names its ``oldest`` message:
        paintings from before it are not sent (they came at the bottom, out of order). Where a
        ``fresh`` page was sent nothing (then it shows an empty page): "alone", the user's only
        page open, or "beside" another open one; else None."""
        if out in self.sockets[chat_id]:
            return None
        blank = fresh and not self.recent.get(chat_id) and not (busy and self.lines.get(chat_id)) \
            and not self.under_way(chat_id) \
            and not self.unseen.get(chat_id) and not self.waiting.get(chat_id)
        empty = None if not blank else \
            "beside" if any(not o.ws.closed for o in self.sockets.get(chat_id, ())) else "alone"
        out.chat_id = out.chat_id or chat_id
        era = self.era(chat_id)             # a /forgetme meanwhile: none of what was kept is sent on
        self.sockets[chat_id].add(out)
        self.left_at.pop(chat_id, None)
        self._sweep()
        # what it shows, before the first send below: a delivery meanwhile (the page is among the
        # open ones now) sent a painting it showed down its new socket again
        out.shown |= have or set()
        for mid in list(self.lines.get(chat_id, {})) if open_lines else ():
            # as it stands when its turn comes (an outcome may have come as an earlier one was sent)
            if mid in open_lines and (kept := self.lines.get(chat_id, {}).get(mid)) is not None:
                try:
                    await out.ws.send_json({**kept, "line": True})
                except (ConnectionError, RuntimeError):
                    return
                if unseen := self.unseen.get(chat_id):
                    unseen.pop(mid, None)          # its outcome, said now: not again below (read twice)
        # those it has no word of (the bot restarted since, or the line is long gone): settled, the
        # page shows them as they stood (it kept their place hidden, for good); where the store
        # kept the user's results and no job resumed from the journal edits one, it is lost, and
        # says so (it stayed "waiting in line…" for good, its user told not to send it again)
        if unknown := sorted((open_lines or set()) - set(self.lines.get(chat_id, {}))):
            lost, words = await self._lost(chat_id, unknown, out)
            try:
                for line in lost:
                    said = payload("edit", line, Reply(words), self.catalog)
                    self.note_line(chat_id, said)           # (another page naming it is told the same)
                    await out.ws.send_json({**said, "line": True})
                if settled := [line for line in unknown if line not in lost]:
                    await out.ws.send_json({"op": "settled", "ids": settled})
            except (ConnectionError, RuntimeError):
                return
        floor = self._seq(oldest) if oldest else None
        for mid, reply in list(self.recent.get(chat_id, ())) if fresh or have is not None else ():
            if self.era(chat_id) != era:
                return
            if mid in out.shown or mid in (have or ()):     # it shows it, or a delivery meanwhile sent it
                continue
            out.shown.add(mid)
            if floor is not None and (seq := self._seq(mid)) is not None and seq < floor:
                continue                                   # older than what the page shows
            if not await self._send_painting_line(chat_id, out, mid, fresh, open_lines):
                return
            try:
                await out.ws.send_json(payload("send", mid, reply, self.catalog))
            except (ConnectionError, RuntimeError):      # the page closed as it said hello
                return
        # the lines still under way that the page did not name (it was away as they went out, or
        # it is a new tab): /addstyle's "Studying…" too. Not the latest line because a job is
        # ``busy``: that may be a finished job's (the next one has no line yet), its "done in 3 s"
        # came below its painting, and again on a page sent it above the painting just now
        for line in [kept["id"] for kept in self.under_way(chat_id)]:
            # as it stands now: an outcome that came as an earlier one was sent reached this page
            kept = self.lines.get(chat_id, {}).get(line)
            if kept is None or not kept.get("progress") or line in (open_lines or ()):
                continue
            try:
                await out.ws.send_json(kept)
            except (ConnectionError, RuntimeError):      # the page closed as it said hello
                return
        # outcomes that finished while no page was open ("done in 3 s"), before the paintings
        # that waited with them; kept for a later page if this one closed as it said hello
        for mid, kept in list(self.unseen.get(chat_id, {}).items()):
            if self.era(chat_id) != era:
                return
            try:
                await out.ws.send_json(kept)
            except (ConnectionError, RuntimeError):
                return
            self.unseen[chat_id].pop(mid, None)
        self.unseen.pop(chat_id, None)
        # kept, not popped: the page that has that bubble may be another that opens later
        for mark in list(self.marks.get(chat_id, {}).values()):    # (the page that has that bubble reads it)
            try:
                await out.ws.send_json(mark)
            except (ConnectionError, RuntimeError):
                break
        for reply in self.waiting.pop(chat_id, []):       # to a page connecting meanwhile too
            if not await self.to_every_page(chat_id, reply, mid := self.new_id(), era):
                self.unkept(chat_id, mid)
                self.waiting[chat_id].append(reply)      # closed as it said hello: for the next
        return empty

    async def _send_painting_line(self, chat_id: str, out: WebResponder, painting: str, fresh: bool,
                                  open_lines: set[str] | None) -> bool:
        """Before a painting a page back from a reload lacks: its job's progress line as it
        stands ("done in 3 s"). The page was away as the line was first sent, so it had none to
        name in its hello (``open_lines``: those are sent already), and showed the painting
        without it. Not to a new tab (``fresh``): it is sent the last paintings alone. Whether the
        page is still there."""
        line = self.painting_lines.get(chat_id, {}).get(painting)
        kept = self.lines.get(chat_id, {}).get(line) if line else None
        if fresh or kept is None or line in (open_lines or ()):
            return True
        try:
            await out.ws.send_json({**kept, "line": True})
        except (ConnectionError, RuntimeError):
            return False
        if unseen := self.unseen.get(chat_id):
            unseen.pop(line, None)                 # (said now: not again below)
        return True

    async def _restore(self, chat_id: str) -> bool:
        """The user's results the store kept (kept_results.py: from before a restart too) back in
        memory, those it has already kept their place: once a run, and again after the memory let
        them go (_sweep), before anything of theirs is kept (it replaces what the store has).
        Whether the memory has them (False: no store, or it could not say: read again next time)."""
        if self.keeper is None:
            return False
        reading = self._restored.get(chat_id)
        if reading is None:
            reading = self._restored[chat_id] = asyncio.ensure_future(self._read_back(chat_id))
        ok = await asyncio.shield(reading)
        if not ok and self._restored.get(chat_id) is reading:
            del self._restored[chat_id]
        return ok

    async def _read_back(self, chat_id: str) -> bool:
        era = self.era(chat_id)
        kept = await self.keeper.read(chat_id)
        if kept is None or self.era(chat_id) != era:    # (a /forgetme meanwhile deleted them)
            return kept is not None
        lines, replies = kept
        for memory, entries in ((self.lines, [(mid, line) for mid, line, _ in lines]),
                                (self.unseen, [(mid, {**line, "line": True}) for mid, line, unseen in lines if unseen])):
            now = memory.get(chat_id, {})
            merged = memory.default_factory()         # the older first: the store's, then what came since
            for mid, line in [*((m, x) for m, x in entries if m not in now), *now.items()]:
                merged[mid] = line
            if merged:
                memory[chat_id] = merged
        have = {reply_row(reply)[0] for reply in self.waiting.get(chat_id, [])}
        if older := [reply for reply in replies if reply_row(reply)[0] not in have]:
            self.waiting[chat_id] = (older + self.waiting.get(chat_id, []))[-KEEP_REPLIES:]
        return True

    async def keep(self, chat_id: str | None) -> None:
        """The user's results as the memory has them now kept in the store, for a page opened after
        a restart (kept_results.py): their lines' outcomes (those no page got marked unseen) and
        the replies waiting for their next visit."""
        if self.keeper is None or not chat_id or not await self._restore(chat_id):
            return
        unseen = self.unseen.get(chat_id, {})
        ended = {mid: line for mid, line in self.lines.get(chat_id, {}).items() if not line.get("progress")}
        lines = [(mid, line, mid in unseen) for mid, line in ended.items()]
        lines += [(mid, {k: v for k, v in line.items() if k != "line"}, True)
                  for mid, line in unseen.items() if mid not in ended]
        await self.keeper.keep(chat_id, lines, self.waiting.get(chat_id, []))

    async def _lost(self, chat_id: str, lines: list[str], out: WebResponder) -> tuple[list[str], str]:
        """Of the lines a page names that the memory has no word of, those lost, and the words
        saying so (kept_results.KeptResults.lost): from before this start alone (one of this run
        the memory let go of is settled, as before), where the store could say what it kept."""
        older = [line for line in lines if self._seq(line) is None]
        if not older or self.keeper is None or not await self._restore(chat_id):
            return [], ""
        return await self.keeper.lost(chat_id, older, out.locale)

    def leave(self, chat_id: str, out: WebResponder) -> None:
        self.sockets.get(chat_id, set()).discard(out)
        if not self.sockets.get(chat_id):
            self.sockets.pop(chat_id, None)
            self.left_at[chat_id] = time.monotonic()
        self._sweep()

    def _sweep(self) -> None:
        """Memory of users gone a while: their pictures (up to KEEP_IMAGES uploads each) and
        progress lines; and results kept for no more than WAITING_USERS offline users. User ids
        are the browsers' own, so without this it grew with every visitor."""
        now = time.monotonic()
        for chat_id, left in list(self.left_at.items()):
            if now - left >= self.offline_keep_s:
                self.images.pop(chat_id, None)
                self.painted.pop(chat_id, None)
                self.lines.pop(chat_id, None)
                self.unseen.pop(chat_id, None)
                self.recent.pop(chat_id, None)
                self.painting_lines.pop(chat_id, None)
                self.handled.pop(chat_id, None)
                self.refusals.pop(chat_id, None)
                self.marks.pop(chat_id, None)
                self._restored.pop(chat_id, None)     # (the store still has them: read back when needed)
                del self.left_at[chat_id]
        while len(self.waiting) > WAITING_USERS:
            self._restored.pop(chat_id := next(iter(self.waiting)), None)
            self.waiting.pop(chat_id)
        while len(self.unseen) > WAITING_USERS:
            self._restored.pop(chat_id := next(iter(self.unseen)), None)
            self.unseen.pop(chat_id)
        while len(self.marks) > WAITING_USERS:
            self.marks.pop(next(iter(self.marks)))


async def close_pages(app: web.Application) -> None:
    """aiohttp's on_shutdown: every open socket closed (1001, going away), one that never said
    hello too (the front-end's stop closed those in WebChatHub.sockets only). Left open, each held
    a stop for 2 x shutdown_timeout: aiohttp waits for its handler, which waits for the page, then
    cancels it and waits again. A page that does not answer the close (a frozen tab) is given
    PAGES_CLOSE_S, then left to aiohttp's own limits."""
    closing = asyncio.gather(*(ws.close(code=WSCloseCode.GOING_AWAY, message=b"the bot is stopping")
                               for ws in list(app[PAGES]) if not ws.closed), return_exceptions=True)
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(closing, PAGES_CLOSE_S)


def create_app(layer: CommandLayer, admin: bool = True, hub: WebChatHub | None = None) -> web.Application:
    hub = hub or WebChatHub()
    layer.forget_hooks.append(hub.forget)
    hub.catalog = layer.catalog

    def lang_of(chat_id: str, locale: str | None) -> str:
        req = Request(platform="web", user_id=chat_id, chat_id=chat_id, locale=locale[:35] if locale else None)
        try:
            return layer.lang_of(req)
        except Exception:                   # (the store failing)
            return layer.lang_without_store(req)

    if hub.keeper is None:      # what no page took, kept for the user's next visit after a restart too
        hub.keeper = KeptResults(layer.store, lang_of, layer.queue)

    async def is_admin() -> bool:
        return admin

    max_picture = int(layer.settings.MAX_UPLOAD_MB * 1024 * 1024)
    max_bytes = int(max_picture * 4 / 3) + 65536                 # one picture, base64, with its message

    def stored_user(user: str) -> bool:
        """Whether the store knows the page's user. The store failing (sqlite's OperationalError)
        is an id not known, counted as a new one (admits): its error closed the socket, and the
        page reconnected every second."""
        if user.startswith("anonymous-"):
            return False
        try:
            return layer.store.knows_user(f"web:{user}")
        except Exception as exc:
            log.warning("web chat: the store failed to say whether a page's user is known (%s): "
                        "taken as a new id", type(exc).__name__)
            return False

    async def index(request: web.Request) -> web.StreamResponse:
        return web.FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    async def socket(request: web.Request) -> web.WebSocketResponse:
        if (refusal := foreign_page(request, layer.settings.WEB_HOST, layer.settings.WEB_ORIGINS)) is not None:
            log.warning("refused a web chat connection: %s", refusal)
            raise web.HTTPForbidden(text="This chat answers its own page only.")
        # room for a message of several pictures; a picture too big gets a reply, not a dropped socket
        ws = web.WebSocketResponse(max_msg_size=(MAX_PICTURES + 2) * max_bytes, heartbeat=30)
        await ws.prepare(request)
        request.app[PAGES].add(ws)
        try:
            return await page(request, ws)
        finally:
            request.app[PAGES].discard(ws)

    async def page(request: web.Request, ws: web.WebSocketResponse) -> web.WebSocketResponse:
        out = WebResponder(ws, hub)
        # the limits the page checks before it reads, draws or sends a picture: a file over
        # MAX_UPLOAD_MB is refused there in the server's words; one of more megapixels than
        # MAX_IMAGE_MEGAPIXELS is not drawn (its header says so), and is sent for the server to answer
        # (the limit as the layer's refusal says it: "20 MB", where the page said "20.0 MB")
        too_big = in_every_lang("file_too_large", size="{size}", limit=plain_number(layer.settings.MAX_UPLOAD_MB))
        # and the most pictures one message takes (the page uses the first ones picked), and how
        # to say so: 40 picked for /addstyle went as 10, unsaid
        too_many = in_every_lang("web_too_many_pictures", picked="{picked}", most=MAX_PICTURES)
        # that wording is /addstyle's alone: for any other message (12 picked for /style gogh)
        # the neutral one, chosen by the page from the words it sends
        too_many_any = in_every_lang("web_too_many_pictures_any", picked="{picked}", most=MAX_PICTURES)
        await ws.send_json({"op": "hello", "max_upload_mb": layer.settings.MAX_UPLOAD_MB,
                            "max_megapixels": layer.settings.MAX_IMAGE_MEGAPIXELS, "too_big": too_big,
                            "most_pictures": MAX_PICTURES, "too_many": too_many, "too_many_any": too_many_any,
                            "style_commands": STYLE_COMMAND_NAMES,
                            "commands": KOREAN_COMMAND_WORDS})
        joined: set[str] = set()
        try:
            await _serve(request, ws, out, joined)
        finally:
            for chat_id in joined:
                hub.leave(chat_id, out)
        return ws

    async def unanswered(out: WebResponder, client_id, lang: str, key: str = "web_unanswered",
                         qid: str | None = None, params: dict | None = None, not_taken: bool = False) -> None:
        """The page's bubble ``client_id`` got no reply of its own: marked so there (the 6 of 14
        photos past a refusal said once a burst sat there as if still on their way); ``key``: why.
        By the message's own id (``qid``, which the page keeps with its bubble) on the user's other
        pages too, which show a copy of it (echo), and on the page that asked once it is back from
        a reload (``WebChatHub.marks``): a page reloading as the answer ended never got it.
        ``not_taken``: a photo a limit turned away (web_not_taken), marked on the photo itself."""
        if client_id is None:
            return
        text = t(lang, key, **(params or {}))
        extra = {"not_taken": True} if not_taken else {}
        if not out.ws.closed:
            try:
                await out.ws.send_json({"op": "unanswered", "client_id": client_id, "qid": qid, "text": text, **extra})
            except ConnectionError:
                pass
        if not qid or not out.chat_id:
            return
        # (no client_id: the bubble's number is the page's own, and a reloaded page numbers anew)
        mark = {"op": "unanswered", "qid": qid, "text": text, **extra}
        for page in hub.sockets.get(out.chat_id, set()) - {out}:
            if not page.ws.closed:
                with contextlib.suppress(ConnectionError):
                    await page.ws.send_json(mark)
        if out.ws.closed:
            hub.note_mark(out.chat_id, mark)

    def photo_refused(req: Request) -> bool:
        """Whether a request a limit refused (said once a burst, or not at all) turned a photo away:
        one sent to be painted (or made a style of), not a /cancel that came with a picture, nor
        one the user's /forgetme dropped (no limit did: "send it again later" was not what it was)."""
        return bool(req.images) and kind_of(req) in (*PAINTS_PHOTO, "addstyle", None) \
            and not layer.dropped_by_forget(req)

    async def mark_not_taken(out: WebResponder, client_id, req: Request, qid: str | None) -> None:
        """In a flood, the photo a limit turned away says so on itself ("not taken: send it again"):
        "no reply of its own: see the answer above" sent the user screens up, past paintings of
        photos sent after it, to a refusal that could not say which photos it meant."""
        await unanswered(out, client_id, layer.lang_of(req), "web_not_taken", qid=qid, not_taken=True)

    async def mark_refused(out: WebResponder, client_id, req: Request, qid: str | None) -> None:
        """A request a limit refused with no word of its own: a photo turned away says so on itself
        (mark_not_taken), anything else gets the plain "no reply of its own" mark."""
        if photo_refused(req):
            await mark_not_taken(out, client_id, req, qid)
        else:
            await unanswered(out, client_id, layer.lang_of(req), qid=qid)

    def refused_file_matters(req: Request, too_big_mb) -> bool:
        """Whether a message sent with a file the page refused (``too_big_mb``: its size) is one
        that would have used it: a painting command, /addstyle, or a bare text (read as a photo's
        caption). A size the page never sends is ignored: no number, not over the limit (the page's
        is to a tenth: a file of 20.04 MB says 20.0; a client sending 1 was told "1.0 MB; the limit
        is 20 MB"), absurd (JSON's Infinity and NaN too)."""
        if isinstance(too_big_mb, bool) or not isinstance(too_big_mb, (int, float)) \
                or not layer.settings.MAX_UPLOAD_MB - 0.1 < too_big_mb < 1e9:
            return False
        return kind_of(req) in (*PAINTS_PHOTO, "addstyle", None)

    def kind_of(req: Request) -> str | None:
        try:
            return layer.kind_of(req, layer.parse(req))
        except Exception:              # (the store failing): the mark, as for any kind
            return None

    async def answer(req: Request, out: WebResponder, client_id=None, qid: str | None = None,
                     answering: Answering | None = None, waited: float = 0.0) -> None:
        """``qid``: the message's own id (the page's, for its bubble); ``answering``: its record for
        a stop (stopping.py), told here what of the answer is done; ``waited``: seconds the page
        held the message before it could send it (held_wait.py), counted in its "done in"."""
        lines: list[str] = []
        said: list[str] = []
        refused: list[tuple[str, Reply]] = []
        _LINES.set(lines)              # this task's own (a task runs in a copy of the context)
        _SAID.set(said)
        _REFUSED.set(refused)
        _ENDED.set([])
        _ANSWERING.set(answering)
        # a message the user's other pages show (echo): its answer there too
        everywhere = client_id is not None and bool(out.chat_id)
        every_page = _EVERY_PAGE.set(everywhere)
        try:
            if waited > 0:          # numbered here, not by handle, to count the page's wait in
                req.seq = layer.arrive(req.user_id, waited_before=waited)
            await layer.handle(req, out)
            if answering is not None:
                answering.answered = True
        finally:
            _EVERY_PAGE.reset(every_page)      # what follows is this page's own
            await out.settle(lines)
        kind = kind_of(req) if out.chat_id and (refused or not said) else None
        if refused and kind is not None:
            hub.note_refusal(out.chat_id, kind, *refused[-1], out)
        if not said:
            with contextlib.suppress(Exception):        # (the store gone at shutdown)
                if layer.stopped_by_cancel(req):
                    # the layer dropped it for a /cancel sent after it, whose answer ("Cancelled 2
                    # paintings") is below. The layer's word, not a guess from /cancels counted here:
                    # a photo refused in silence while a /cancel came was said stopped by it
                    await unanswered(out, client_id, layer.lang_of(req), "web_cancelled_unanswered", qid)
                elif kind is not None and (unseen := hub.refusal_unseen(out.chat_id, kind, out)) is not None:
                    await out.send(unseen)     # the layer's refusal, said to no page open then: said here
                    if photo_refused(req):
                        await mark_not_taken(out, client_id, req, qid)
                else:
                    await mark_refused(out, client_id, req, qid)
        elif refused and {mid for mid, _ in refused} >= set(said) and photo_refused(req):
            # the burst's one refusal is this photo's own answer, and all of it: marked as the
            # photos after it are (paintings came in between, and the reply read as any photo's)
            with contextlib.suppress(Exception):
                await mark_not_taken(out, client_id, req, qid)
        # the page's own words follow the user's language (on each page shown the answer: a /lang)
        with contextlib.suppress(Exception):   # closed meanwhile, or the store is gone at shutdown
            language = {"op": "lang", "lang": layer.lang_of(req)}
            if everywhere:
                await out._to_all_pages(language)
            elif not out.ws.closed:
                await out.ws.send_json(language)

    async def echo(out: WebResponder, data: dict, text: str, items: list, ids: list[str], qid: str | None) -> None:
        """The user's message, as the page that sent it shows it, to their other open pages: there
        a painting came out of nowhere (a painting goes to all of them, c0a1158; and so does each
        reply to a message copied so, ``_EVERY_PAGE``)."""
        others = [p for p in hub.sockets.get(out.chat_id, ()) if p is not out and not p.ws.closed]
        if not others:
            return
        names = data.get("names") if isinstance(data.get("names"), list) else []
        shown = data.get("shown")
        mine = {"op": "mine", "text": shown[:2100] if isinstance(shown, str) else text,
                "images": [], "ids": [], "names": [], "qid": qid}       # (qid: its mark finds it there)
        for i, item in enumerate(items):
            # only what a browser draws (a text file sent as a photo is named in the text instead)
            if isinstance(item, str) and item.startswith("data:image/") and i < len(ids):
                mine["images"].append(item)
                mine["ids"].append(ids[i])
                mine["names"].append(str(names[i])[:200] if i < len(names) else "")
        for page in others:
            try:
                await page.ws.send_json(mine)
            except ConnectionError:
                pass

    async def other_user(out: WebResponder, data: dict) -> None:
        """A message naming a user other than the socket's (a socket is its first user's): not acted
        on, and said so to this page, in the socket's user's language (never the other id's), where
        the page used to hear nothing at all."""
        locale = data.get("locale")
        own = f"web:{out.user}"
        lang = layer.lang_of(Request(platform="web", user_id=own, chat_id=own,
                                     locale=locale[:35] if isinstance(locale, str) else None))
        if not out.ws.closed:
            try:
                await out.ws.send_json(payload("send", hub.new_id(), Reply(t(lang, "web_other_user"))))
            except ConnectionError:
                pass

    async def tell_restarting(answering: Answering, word: tuple[str, dict]) -> None:
        """``word`` (busy_restarting mostly: stopping.word_at_stop) for a message the stop cut off
        (or turned away), in its user's language.
        The page that sent it, still open, is told with "again": it sends the message again once
        connected to the restarted bot (it keeps what it sent a while), which answers it (a
        picture's id kept as cut off, not had: keep_cut_off); the words show where it no longer
        has it. Its other pages are told nothing: the answer comes there too. A page closed since,
        an /addstyle (its training may have begun: sent again unasked, it trained twice), a
        message a painting of whose answer went out or whose answer would not end (may_send_again),
        a message the store could not mark: told on every page of the user showing it
        (``unanswered``); a message the page showed no bubble for: a reply of the bot's. Other
        words than busy_restarting (an album's photos to send again) are told, never "again"."""
        req, out = answering.req, answering.out
        try:
            lang = layer.lang_of(req)
        except Exception:                   # (the store may be what fails at a stop)
            lang = "ko" if (req.locale or "").lower().startswith("ko") else "en"
        key, params = word
        if key == "busy_restarting" and answering.client_id is not None and answering.qid and out.chat_id \
                and not out.ws.closed and may_send_again(answering) and kind_of(req) != "addstyle" \
                and (not req.images or await keep_cut_off(layer.store, out.chat_id, answering.qid, CUT_OFF_MARK_S)):
            with contextlib.suppress(ConnectionError, RuntimeError):
                await out.ws.send_json({"op": "unanswered", "client_id": answering.client_id, "qid": answering.qid,
                                        "text": t(lang, "busy_restarting"), "again": True})
            return
        if answering.client_id is not None:
            await unanswered(out, answering.client_id, lang, key, answering.qid, params)
        elif not out.ws.closed:
            with contextlib.suppress(ConnectionError):
                await out.ws.send_json(payload("send", hub.new_id(), Reply(t(lang, key, **params))))

    async def turned_away(out: WebResponder, data: dict, user: str) -> None:
        """A message that came once the stop cut the answers off: not begun. A photo is not acked
        nor recorded as had (keep_answered): the page sends it again once connected, and the
        restarted bot answers it; a text, which the page never sends again, is told busy_restarting."""
        if data.get("image") or data.get("images"):
            return
        locale, qid = data.get("locale"), data.get("qid")
        req = Request(platform="web", user_id=f"web:{user}", chat_id=f"web:{user}",
                      text=str(data.get("text") or "")[:2000], locale=locale[:35] if isinstance(locale, str) else None,
                      community_id=COMMUNITY, mentioned=True, bot_username=BOT_NAME, only_bot=True)
        await tell_restarting(Answering(req, out, data.get("client_id"), qid[:64] if isinstance(qid, str) else None),
                              ("busy_restarting", {}))

    async def cut_off_answers(app: web.Application) -> None:
        """on_shutdown, before the pages close: the answers under way waited for a while, the
        users of those cut off told (stopping.py)."""
        cut = await app[ANSWERS].cut_off(ANSWERS_STOP_WAIT_S)
        await tell_cut_off(layer, cut, tell_restarting)

    async def refuse(request: web.Request, out: WebResponder, data: dict, key: str) -> None:
        """A message not taken for the id it names (``key`` says why), said so in the language the
        socket's user chose (/lang; it answered in the browser's), else the browser's (the
        message's locale, or its Accept-Language: a hello has none); too many new ids once a while
        (a page's hello and its welcome's /start both met it)."""
        now = time.monotonic()
        if out.ws.closed or key in out.told_busy and now - out.told_busy[key] < BUSY_QUIET_S:
            return
        if key == "web_too_many_ids":
            out.told_busy[key] = now
        locale = data.get("locale")
        if not isinstance(locale, str) or not locale:
            locale = browser_locale(request)
        # the socket's user's choice (a bad id after theirs); never the id a refused message names:
        # that told a script another id's /lang. A socket with no user yet: the browser's language
        own = f"web:{out.user}" if out.user and not out.user.startswith("anonymous-") else None
        lang = layer.lang_of(Request(platform="web", user_id=own or "web:", chat_id=own or "web:",
                                     locale=locale[:35], prefs=None if own else Prefs()))
        try:
            await out.ws.send_json(payload("send", hub.new_id(), Reply(t(lang, key))))
        except ConnectionError:
            pass

    async def welcome_back(request: web.Request, out: WebResponder, user: str, welcomed_before: bool,
                           beside: bool, asks_welcome: bool = False) -> None:
        """A page of a user the bot knows that shows nothing and was sent nothing (a new tab; after
        a restart, whose memory of their last paintings is gone) is greeted: it was blank, though
        their settings, history and last photo (where one is kept) are kept; a tab opened
        ``beside`` an open one is not (its user is there). A first visit's page asks for the
        welcome itself (/start): the bot knows no such user yet. A page past its first visit
        (``welcomed_before``, its browser's flag) whose user the bot does not know (a /forgetme
        since) asks for nothing: it gets /start's welcome, as a new user does, beside another
        page too (that one shows no more than the "deleted" reply). A page not past its first
        visit as its browser says, whose user the bot knows (the flag lost), is welcomed back in
        place of the welcome it asks for (``own_start``), unless the user has done nothing here yet
        (``newcomer``): then the page's own /start (``asks_welcome``: its hello said welcomed: false)
        is answered with the first visit's welcome. A newcomer's tab ``beside`` an open one gets
        the first visit's welcome too: it was blank, the header's hint all it showed."""
        with contextlib.suppress(Exception):           # (the store failing: the page as it was)
            known = layer.store.knows_user(f"web:{user}")
            if not (known or welcomed_before) or out.ws.closed:
                return
            if known and asks_welcome and newcomer(user):
                return
            if known and beside:
                if welcomed_before and newcomer(user):
                    await greet(request, out, user, "start")
                return
            if not known:
                await greet(request, out, user, "start")
            else:
                # a page that asks for the first visit's welcome itself (not ``welcomed_before``)
                # takes this one for it: its own /start is not answered with a second greeting
                out.greeted = True
                await greet(request, out, user, back_key(user), as_welcome=not welcomed_before)

    def newcomer(user: str) -> bool:
        """A user the bot knows who has done nothing here yet: no photo kept, no painting ever.
        Their first welcome was lost (a reload right after their first /start), and "Welcome back!"
        told them nothing of what the bot does: they get the first visit's welcome. The store
        failing: not one (the welcome back, as before)."""
        try:
            uid = f"web:{user}"
            return layer.store.last_photo(uid, uid) is None and not layer.store.has_jobs(uid)
        except Exception:
            return False

    def back_key(user: str) -> str:
        """The welcome back: "your last photo is kept, try /stronger" only where one is (none
        sent, or expired)."""
        if layer.store.last_photo(f"web:{user}", f"web:{user}") is not None:
            return "web_welcome_back"
        return "web_welcome_back_no_photo"

    async def greet(request: web.Request, out: WebResponder, user: str, key: str, as_welcome: bool = False) -> None:
        """A greeting in the user's language (their /lang, else the browser's); ``as_welcome``:
        marked as the welcome a first visit's page waits for (it keeps its "welcomed" flag again)."""
        lang = layer.lang_of(Request(platform="web", user_id=f"web:{user}", chat_id=f"web:{user}",
                                     locale=browser_locale(request)[:35]))
        said = payload("send", hub.new_id(), Reply(t(lang, key)))
        if as_welcome:
            said["welcome"] = True
        await out.ws.send_json(said)

    async def own_start(request: web.Request, out: WebResponder, user: str) -> None:
        """The page's own /start (no bubble: no client_id) from a page whose user the bot knew when
        it joined: its browser lost its "welcomed" flag (the first visit's welcome never arrived, or
        its storage was cleared in part). One greeting, the bot's knowing winning: the welcome back
        it was sent on joining, else one now; never the first visit's whole welcome (both showed)."""
        if out.greeted or out.ws.closed:
            return
        out.greeted = True
        with contextlib.suppress(Exception):           # (the store failing, or the page gone: nothing said)
            await greet(request, out, user, back_key(user), as_welcome=True)

    async def _serve(request, ws, out, joined) -> None:
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            try:
                data = msg.json()
            except ValueError:
                continue
            if not isinstance(data, dict):
                continue
            user = data.get("user")
            if user not in (None, "") and not (isinstance(user, str) and USER_ID.match(user)):
                await refuse(request, out, data, "web_bad_id")       # an id the page never makes
                continue
            user = user or ""
            if out.user is None:                 # one user a socket: other ids (ever new ones, to get
                user = user or f"anonymous-{secrets.token_hex(8)}"    # past per-user limits) are not it
                if not hub.admits(client_address(request), user,         # nor ids minted socket after socket
                                  known=lambda: stored_user(user)):
                    await refuse(request, out, data, "web_too_many_ids")
                    continue
                out.user = user
            elif user not in ("", out.user):
                await other_user(out, data)         # said so, not acted on as either user
                continue
            user = out.user
            if not user.startswith("anonymous-") and f"web:{user}" not in joined:
                joined.add(f"web:{user}")
                out.locale = data["locale"] if isinstance(data.get("locale"), str) else browser_locale(request)
                # a page that will ask for the first visit's welcome itself: is its user one the bot knows
                # (one who has done nothing here yet is welcomed as a first visit: newcomer)
                out.known_user = data.get("op") == "hello" and data.get("welcomed") is False and stored_user(user) \
                    and not newcomer(user)
                empty = await hub.join(f"web:{user}", out, busy=bool(layer.pending.get(f"web:{user}")),
                               fresh=data.get("op") == "hello" and data.get("fresh") is True,
                               have={str(i) for i in data["have"][:100]} if data.get("op") == "hello"
                               and isinstance(data.get("have"), list) else None,
                               open_lines={str(i) for i in data["lines"][:100]} if data.get("op") == "hello"
                               and isinstance(data.get("lines"), list) else None,
                               oldest=data["oldest"][:40] if data.get("op") == "hello"
                               and isinstance(data.get("oldest"), str) else None)
                if empty:
                    await welcome_back(request, out, user, welcomed_before=data.get("op") == "hello"
                                       and data.get("welcomed") is True, beside=empty == "beside",
                                       asks_welcome=data.get("op") == "hello" and data.get("welcomed") is False)
            if data.get("op") == "hello":
                # the language the user chose (/lang), at once: a page reloaded showed its own
                # words in the browser's language until the user's next message was answered
                chosen = None
                with contextlib.suppress(Exception):    # (the store failing: the page's own language)
                    chosen = layer.store.prefs(f"web:{user}").lang
                if chosen in ("en", "ko") and not ws.closed:
                    try:
                        await ws.send_json({"op": "lang", "lang": chosen})
                    except ConnectionError:
                        pass
                continue
            if out.known_user and data.get("client_id") is None and data.get("text") == "/start":
                await own_start(request, out, user)
                continue
            if request.app[ANSWERS].closing:
                await turned_away(out, data, user)
                continue
            qid = data.get("qid")
            if not (isinstance(qid, str) and 0 < len(qid) <= 64 and not user.startswith("anonymous-")):
                qid = None
            elif hub.handled_before(f"web:{user}", qid) or (
                    data.get("image") and answered_before_restart(layer.store, f"web:{user}", qid)):
                # sent again by a copy of the tab, or by the page whose connection dropped before the
                # ack came (before a restart too): answered once. Acknowledged, or the page held it
                # and sent it again at each reconnection, its picture without an id to reply to
                if data.get("image") and not ws.closed:
                    ids = hub.handled[f"web:{user}"].get(qid) or []
                    with contextlib.suppress(ConnectionError):
                        await ws.send_json({"op": "ack", "id": ids[0] if ids else None, "ids": ids,
                                            "client_id": data.get("client_id")})
                continue
            elif data.get("image"):
                keep_answered(layer.store, f"web:{user}", qid, request.app[TASKS])
            locale = data.get("locale")             # the browser's language, as the page sends it
            req = Request(platform="web", user_id=f"web:{user}", chat_id=f"web:{user}",
                          text=str(data.get("text") or "")[:2000],
                          locale=locale[:35] if isinstance(locale, str) else None,
                          community_id=COMMUNITY, is_admin=is_admin, mentioned=True, bot_username=BOT_NAME,
                          only_bot=True, private_reply=True)     # a page shows its own user's replies only
            more = data.get("images") if isinstance(data.get("images"), list) else []
            attached = [item for item in [data.get("image"), *more[:MAX_PICTURES]] if item][:MAX_PICTURES]
            ids: list[str] = []                 # the pictures' message ids (for replies to them)
            if attached:
                raws = [_decoded(item) for item in attached]
                if too_big := next((len(raw) for raw in raws if len(raw) > max_picture), None):
                    # refused before it is kept (KEEP_IMAGES of them a user) or decoded at all
                    raws, req.upload_errors = [], [UploadError("file_too_large", size=round(too_big / 1048576, 1),
                                                               limit=layer.settings.MAX_UPLOAD_MB)]
                    attached = []
                elif all(raws):
                    ids = [hub.new_id() for _ in raws]
                    for mid, raw in zip(ids, raws):
                        out.remember(mid, raw)
                    if qid:                          # (its ack again, for a copy sent again)
                        hub.handled[f"web:{user}"][qid] = ids
                    await ws.send_json({"op": "ack", "id": ids[0], "ids": ids, "client_id": data.get("client_id")})
                    req.images = raws
                else:
                    req.upload_errors = [UploadError("not_an_image")]
            elif (too_big_mb := data.get("too_big_mb")) and refused_file_matters(req, too_big_mb):
                # a file the page refused as over the limit (not uploaded): refused again by a command
                # that would paint it (painted, "/style monet" took the previous photo), and no
                # reason to hold back the others (/status never went out while it was attached)
                req.upload_errors = [UploadError("file_too_large", size=round(float(too_big_mb), 1),
                                                 limit=layer.settings.MAX_UPLOAD_MB)]
            if data.get("client_id") is not None and not user.startswith("anonymous-"):
                await echo(out, data, req.text, attached, ids, qid)
            if undrawable := [(mid, raw) for mid, raw in zip(ids, req.images) if undrawn(raw)]:
                previews = asyncio.create_task(out.show_previews(undrawable, layer.settings.MAX_UPLOAD_MB,
                                                                 layer.settings.MAX_IMAGE_MEGAPIXELS))
                request.app[TASKS].add(previews)
                previews.add_done_callback(request.app[TASKS].discard)
            reply_to = data.get("reply_to")
            if isinstance(reply_to, str) and reply_to in out.images:
                req.reply_to_images = [out.images[reply_to]]
                if reply_to in out.painted:     # the bot's own: named by its job, never a new photo
                    req.reply_from_bot, req.reply_ref = True, out.painted[reply_to]
            elif isinstance(reply_to, str) and reply_to:
                # a picture from before a restart (ids are per run) or past KEEP_IMAGES: said, where
                # the command painted the user's last photo instead of the one they pointed at
                req.reply_errors = [UploadError("web_picture_gone")]
            # each message runs on its own, so /status or /cancel answer while a painting is under way;
            # a page with more under way than its paintings allow is answered so, and not held in
            # memory (one without pictures holds next to nothing: many more of those)
            cap = layer.settings.MAX_PENDING_PER_USER + IN_FLIGHT_SPARE
            if out.in_flight < cap:
                out.refused_picture = False
            # a text after a picture refused is too (while it lasts): "/style monet" then painted the
            # photo before the refused one
            if out.in_flight >= (cap if req.images or out.refused_picture else max(cap, IN_FLIGHT_TEXT)):
                out.refused_picture = out.refused_picture or bool(req.images)
                # not "N paintings in progress": they may be any messages (it said 4 with 2 paintings);
                # once a burst, for pictures and for texts (a text is refused for its own reasons)
                kind, now = bool(req.images), time.monotonic()
                if kind not in out.told_busy or now - out.told_busy[kind] >= BUSY_QUIET_S:
                    out.told_busy[kind] = now
                    # on each page showing the message (its copy there), as an answer would be
                    refusing = _EVERY_PAGE.set(data.get("client_id") is not None and bool(out.chat_id))
                    try:
                        await out.send(Reply(t(layer.lang_of(req), "web_busy")))
                    finally:
                        _EVERY_PAGE.reset(refusing)
                    if photo_refused(req):
                        await mark_not_taken(out, data.get("client_id"), req, qid)
                else:
                    await mark_refused(out, data.get("client_id"), req, qid)
                continue
            out.in_flight += 1
            answering = Answering(req, out, data.get("client_id"), qid)
            task = asyncio.create_task(answer(req, out, data.get("client_id"), qid, answering,
                                              waited_before(data)))
            request.app[TASKS].add(task)
            request.app[ANSWERS].track(task, answering)
            task.add_done_callback(request.app[TASKS].discard)
            task.add_done_callback(lambda _: setattr(out, "in_flight", out.in_flight - 1))

    app = web.Application(client_max_size=max_bytes)
    app[TASKS] = set()
    app[HUB] = hub
    app[PAGES] = set()
    app[ANSWERS] = AnswersUnderWay()
    app.on_shutdown.append(cut_off_answers)       # (while the pages are open, to be told)
    app.on_shutdown.append(close_pages)
    app.router.add_get("/", index)
    app.router.add_get("/ws", socket)
    app.router.add_static("/static/", STATIC)
    return app
