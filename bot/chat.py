"""What goes in and out of the command layer (bot/commands.py): the ``Request`` a front-end
makes of a platform message, the ``Reply`` (text, image, buttons, file) it is answered with, the
``Responder`` that sends and edits replies, how a button names its painting or photo
(``PAINTING_REF``), the ``Describer`` a layer is given for community styles, and the small text
helpers chat lines share (a user's display name, a duration, an ordinal, a listing cut into
messages). No platform type here.
"""
from __future__ import annotations

import math
import re
import time
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Awaitable, Callable, Hashable, NamedTuple, Protocol

from .bounded import Newest
from .images import UploadError
from .messages import LANGS, t, table
from .store import Photo


@dataclass
class Button:
    label: str
    command: str           # sent back as if the user typed it, e.g. "/style monet"


@dataclass
class Reply:
    text: str = ""
    image: bytes | None = None                     # JPEG; text is its caption
    buttons: list[list[Button]] = field(default_factory=list)
    document: tuple[str, bytes] | None = None      # (file name, bytes), e.g. /mydata
    progress: bool = False                         # a status line to be edited again (the outcome: False)
    private: bool = False                          # only its user needs it (an error): Discord's ephemeral


# the spaces (Unicode's Zs) other than the plain one: a no-break space pasted from a web page or
# an app, an IME's ideographic space (U+3000), a narrow or thin one
OTHER_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


@dataclass
class Request:
    platform: str                      # "tg" | "dc" | "web"
    user_id: str                       # platform-qualified: "tg:123"
    chat_id: str                       # platform-qualified
    text: str = ""                     # the message text or the photo's caption
    images: list[bytes] = field(default_factory=list)           # attached to this message
    reply_to_images: list[bytes] = field(default_factory=list)  # of the message replied to
    locale: str | None = None          # the platform's language code, e.g. "ko", "en-US"
    community_id: str | None = None    # group / server (qualified); None in a private chat
    is_admin: Callable[[], Awaitable[bool]] | None = None       # admin of community_id?
    bot_username: str | None = None    # so "/style@otherbot" is ignored
    only_bot: bool = False             # the only bot in the chat (the web chat): "/style@otherbot" is ours too
    mentioned: bool = False            # the bot was addressed explicitly (reply, @mention, slash command)
    upload_errors: list[UploadError] = field(default_factory=list)  # attached files the front-end refused
    reply_errors: list[UploadError] = field(default_factory=list)   # replied-to files that are no image
    reply_ref: str | None = None       # the painting (job id) or photo (hash) acted on (see PAINTING_REF)
    private_reply: bool = False        # only this user sees the reply (web page, Discord ephemeral)
    reply_from_bot: bool = False       # reply_to_images are the bot's own (a painting): never a new photo
    reply_author: str | None = None    # who sent the message replied to (qualified): their /forgetme deletes its copies
    images_from: str | None = None     # whose ``images`` are when not the user's (Discord's Stylize on another's message)
    album: tuple[int, int] | None = None   # (n, count): one photo of an album, painted in turn
    as_chat: bool = False              # sent on behalf of a chat (Telegram's anonymous admin): its button taps come
                                       # from the person's own account, not as the one it asks for
    prefs: Any = None                  # the user's settings as the album's first photo read them (each photo alike)
    user_name: str | None = None       # as others there see them (Telegram's full name, Discord's display name)
    # what the front-end needs to deliver a painting here after a restart (Telegram: the topic of a
    # group, the name to mention): kept in the job's meta and handed back to its deliver
    origin: dict[str, Any] | None = None
    kept_photo: Photo | None = None    # the attached photo, once the layer kept it (CommandLayer.keep_photo)
    seq: int | None = None             # its number in the layer's handling (an album's photos share it): /cancel

    def __post_init__(self) -> None:
        # its words read as typed with plain spaces, once, here where each front-end's text comes
        # in: "/style\u00a0van\u00a0gogh" was an unknown command, and each reader of the words
        # (a Korean name of two words, a style's name, a mix) would need to know of such spaces
        if self.text:
            self.text = OTHER_SPACES.sub(" ", self.text)

    @property
    def is_group(self) -> bool:
        return self.community_id is not None


# The buttons under a painting carry its job id ("/stronger #<job id>"), and the artist buttons
# under a photo its photo_hash ("/style gogh #<hash>"), so they act on that painting's photo and
# style, not on whatever the user sent last; a front-end that sees a reply to the bot's own
# painting finds the id the same way, in the buttons of the message replied to.
PAINTING_REF = re.compile(r"(?:^|\s)#([0-9a-f]{32})\b")


class Painting(NamedTuple):
    """A painting as its buttons repaint it: styles and weights, strength, method, and (when the
    history has them) its colour setting and size; None means the user's current preference."""
    styles: list
    alpha: float
    method: str | None
    keep_colors: bool | None = None
    side: int | None = None


class ChatUnreachable(Exception):
    """The chat takes no more messages from the bot: the user blocked it, the bot was removed from
    the group, the chat is gone. A Responder raises it; the command layer then sends nothing more
    there, cancels the request's painting (it would be painted for no one) and logs one line, not
    two tracebacks (the reply, then the error reply, both refused)."""


class MaybeDelivered(Exception):
    """Sending failed in a way that does not say whether the platform took the message (a timeout,
    a connection lost after the request went out): not sent again (the user would get it twice),
    and not answered "could not send" either (it may be there)."""


class Responder(Protocol):
    async def send(self, reply: Reply) -> Any: ...            # returns a handle for edit
    async def edit(self, handle: Any, reply: Reply) -> None: ...


Describer = Callable[[list[bytes], Path], Awaitable[None]]   # paintings -> descriptor file


# bidi embeddings, overrides, isolates and marks (LRM, RLM, ALM), which can turn the text around a name
NAME_CONTROLS = {ord(c): " " for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"}


def display_name(name: str | None, limit: int = 64) -> str | None:
    """A user's display name as it is kept and shown to others: control characters and bidi
    overrides (which could turn the text around it) out, spaces collapsed, at most ``limit``
    characters; None when nothing is left."""
    if not name:
        return None
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in name.translate(NAME_CONTROLS))
    return " ".join(text.split())[:limit].strip() or None


def plain_number(value):
    """A whole float as the int it is, for a reply ("the limit is 20 MB", not "20.0 MB": limits
    such as MAX_UPLOAD_MB are floats); any other value as it is."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def seconds_text(seconds: float) -> str:
    """A duration for a chat line: tenths, and hundredths below a tenth (a GPU's 0.04 s painting
    read as "0.0 s")."""
    return f"{seconds:.1f}" if seconds >= 0.095 or seconds <= 0 else f"{max(seconds, 0.01):.2f}"


def duration_text(lang: str, seconds: float, whole: bool = False, about: bool = False) -> str:
    """A duration as a line says it in ``lang``: under a minute in seconds (seconds_text's tenths,
    or whole seconds for an estimate: ``whole``), from a minute on in minutes and whole seconds
    ("2 min 33 s", "2분 33초": "153.1 s" was hard to read), from an hour on in hours and minutes
    ("1 h 2 min", not "62 min 5 s"). Halves round up (round() took 60.5 s to "1 min" and 61.5 s
    to "1 min 2 s"); a time that is no number (inf, NaN from an empty mean) is "an unknown time",
    not raised from the reply nor said "nan s" (a line with no time should leave it out).
    Below a second (a GPU's painting) it said "0.07 s", "0 s" for an estimate: now "under a
    second", or 1 s where the line says "about" already (``about``, an estimate: ``whole``)."""
    if not math.isfinite(seconds):
        return t(lang, "duration_unknown")
    if 0 <= seconds < 1:
        return t(lang, "duration_seconds", seconds="1") if whole or about else t(lang, "duration_under_second")
    if seconds < 59.5:
        return t(lang, "duration_seconds", seconds=str(math.floor(seconds + 0.5)) if whole else seconds_text(seconds))
    total = math.floor(seconds + 0.5)
    if total >= 3600:
        hours, minutes = divmod((total + 30) // 60, 60)       # (seconds are noise in an hour's estimate)
        if minutes == 0:
            return t(lang, "duration_whole_hours", hours=hours)
        return t(lang, "duration_hours", hours=hours, minutes=minutes)
    minutes, rest = divmod(total, 60)
    if rest == 0:
        return t(lang, "duration_whole_minutes", minutes=minutes)
    return t(lang, "duration_minutes", minutes=minutes, seconds=rest)


def ordinal(lang: str, n: int) -> str:
    """A place in a line as the language writes it: "1st", "2nd", "3rd", "11th" (Korean: the
    number; the text says 번째)."""
    if lang != "en":
        return str(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# The most a listing puts in one message: Discord takes 2000 characters (a reply that mentions its
# user spends some 25 of them), Telegram 4096; each front-end cuts a longer text off, and the
# styles at the end of /styles were lost.
MESSAGE_CHARS = 1900


def pack_lines(lines: list[str], limit: int = MESSAGE_CHARS) -> list[str]:
    """``lines`` as few messages of at most ``limit`` characters, each cut between lines (a line
    longer than that alone is cut); a blank line between sections does not begin a message."""
    messages: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        line = line[:limit]
        if current and size + 1 + len(line) > limit:
            messages.append("\n".join(current).rstrip())
            current, size = [], 0
        if not current and not line.strip():
            continue
        size += len(line) + (1 if current else 0)
        current.append(line)
    if current:
        messages.append("\n".join(current).rstrip())
    return messages


@lru_cache(maxsize=None)
def template_pattern(lang: str, key: str) -> re.Pattern:
    """A reply text's template as a pattern that matches its texts, each {field} a named group."""
    parts = re.split(r"\{(\w+)\}", table(lang).get(key, ""))
    pattern, fields = [], set()
    for i, part in enumerate(parts):
        if i % 2 == 0:
            pattern.append(re.escape(part))
        else:
            pattern.append(f"(?P={part})" if part in fields else f"(?P<{part}>.*?)")
            fields.add(part)
    return re.compile("".join(pattern), re.DOTALL)


def reworded(reply: Reply, wording: dict[str, str], **extra: str) -> Reply:
    """``reply`` with a command layer text said a front-end's own way: ``wording`` maps the
    layer's key to the front-end's ("no_photo" -> "web_no_photo"), in the language the text is in, its
    {fields} carried over (and ``extra`` ones the front-end's text adds). A front-end sees texts,
    not keys, so it knows them by their text."""
    if not reply.text:
        return reply
    for key, own in wording.items():
        for lang in LANGS:
            found = template_pattern(lang, key).fullmatch(reply.text)
            if found:
                return replace(reply, text=t(lang, own, **{**found.groupdict(), **extra}))
    return reply


class SaidLately:
    """What a front-end said once a burst: a key (who, where, what) said within ``window_s``
    seconds is not said again; the newest ``most`` keys are remembered. The command layer's quiet
    slots do this for its own refusals; a front-end's own (Telegram's "no media rights" up front,
    Discord's replies of lost interactions) use this."""

    def __init__(self, window_s: float, most: int, clock: Callable[[], float] = time.monotonic):
        self.window_s, self.most, self.clock = window_s, most, clock
        self._told: Newest = Newest(most)     # key -> when said

    def first(self, key: Hashable) -> bool:
        """Whether ``key`` is to be said now (not said within the window); if so it is noted as said."""
        now = self.clock()
        told = self._told.get(key)
        if told is not None and now - told < self.window_s:
            return False
        self._told[key] = now
        return True

    def forget(self, predicate: Callable[[Hashable], bool]) -> None:
        """Forget the keys ``predicate`` picks (/forgetme: the user's): said again after it."""
        for key in [key for key in self._told if predicate(key)]:
            del self._told[key]
