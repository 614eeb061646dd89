"""The command layer: what a chat user asked for, answered once for every platform.

A front-end turns a platform message into a ``Request`` and gives ``CommandLayer.handle`` a
``Responder`` (send a ``Reply``, edit a sent one): these are in bot/chat.py, and importable from
here. Everything else — parsing, artists in English and Korean, preferences, rate limits, admin
rules, the queue, progress, history — is here, or in the mixins CommandLayer is made of: the
command a message names, in English or Korean, or a mistyped one's nearest (bot/command_names.py),
preferences and a user's data (bot/preference_commands.py), community styles
(bot/community_commands.py), the order of a user's requests and their /cancel
(bot/request_order.py), artists' names and mixes read out of words (bot/style_names.py),
running a painting's job and recording it (bot/painting_jobs.py), a user's painting limits
(bot/painting_limits.py), the photos a request paints and albums (bot/photo_commands.py), an
earlier painting repainted and the artist buttons (bot/repaints.py). No platform type and no torch
come into this module; painting goes through the job queue.
"""
from __future__ import annotations

import asyncio
import dataclasses
import errno
import hashlib
import hmac
import itertools
import logging
import math
import re
import secrets
import sqlite3
import time
import unicodedata
from collections import defaultdict, deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from engine.jobs import Job, StyleRef
from styles import load_catalog, normalise

from .arguments import mix_words, split_strength, strength_in_words, strength_text, without_hashtags, without_laughter
from .arrival_times import ArrivalTimes
from .artist_mentions import ArtistMentions
from .bounded import Newest
from .chat import (PAINTING_REF, Button, ChatUnreachable, Describer, MaybeDelivered, Painting, Reply, Request, Responder, display_name,
                   duration_text, ordinal, pack_lines, plain_number, seconds_text)
from . import layer_timing
from .command_names import BUTTON_COMMAND_MAX, HANGUL, PAINTS_PHOTO, CommandNames, korean_command, parse_command
from .community_commands import CommunityStyleCommands
from .errors import BotError
from .images import UploadError, check_upload, draws_korean, grid
from .messages import has, t
from .mix_requests import (choice_beside_refusal, mix_word_asks, names_mixed, names_mixed_not_refused,
                           paints_a_refused_name, wants_a_mix, without_halves, without_mix_words)
from .painting_jobs import HELD_OVER_KEPT, LIVE_STATES, STRENGTH_STEP, PaintingJobs, known_time, said_key, whole_safetensors
from .name_lists import names_or
from .offered_names import offered_only
from .preference_commands import MIN_OUTPUT_SIDE, PreferenceCommands
from .painting_limits import PaintingLimits
from .photo_commands import ALBUM_MARK, PhotoCommands
from .request_kinds import (ACTING_KINDS, KOREAN_ALIASES, ORDERED_KINDS, PAINTING_KINDS, USER_WIDE_KINDS,
                            USER_WIDE_TEXT, asks_help)
from .request_order import InFlight, RequestOrder
from .settings import Settings
from .slashless import SlashlessCommands
from .status_wording import done_text
from .refused_photos import PHOTO_LIMIT_KEYS, RefusedPhotos
from .refused_uploads import log_refused_upload
from .no_photo_example import no_photo_for, no_photo_of_command, typed_verb
from .repaints import OFFER_KEPT_S, Repaints
from .store import CommunityStyle, Photo, Prefs, Store, storage_problem
from .style_names import MAX_NAME_CHARS, MAX_NAME_WORDS, MAX_NAMES, StyleNames, name_end
from .follow_ups import name_followed_up
from .unknown_artists import unknown_name_asked, unknown_name_in_mix, unknown_name_requested

log = logging.getLogger(__name__)

POPULAR = ["gogh", "monet", "hokusai", "klimt", "munch", "kandinsky", "kimhongdo", "turner", "seurat"]
TELEGRAM_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")   # Telegram's rule: other text after "/" is no command
PAINTING = "@painting"     # last_styles entry: the painting the user replied to
CIRCA = re.compile(r"\bc\.\s*(\d{3,4})")     # "c. 1806" in an artist's years
# what "/COMMAND help" answers; a command without one answers with /help
USAGE = {"style": "style_usage", "hq": "style_usage", "mix": "bad_mix", "setstyle": "setstyle_usage",
         "strength": "strength_usage", "keepcolors": "keepcolors_usage", "size": "size_usage",
         "lang": "lang_usage", "addstyle": "addstyle_usage", "removestyle": "removestyle_usage",
         "renamestyle": "renamestyle_usage"}

# what other modules take from here; bot/chat.py's names too, as before they moved there
__all__ = ["CommandLayer", "RateLimiter", "Style", "asks_help", "engine_describer", "parse_command",
           "replace_words", "shortcut_of", "verb_of", "STRENGTH_STEP", "TELEGRAM_COMMAND",
           "PAINTING_REF", "Button", "Describer", "Painting", "Reply", "Request", "Responder",
           "display_name", "ordinal", "pack_lines", "seconds_text",
           # (moved to the mixins' modules, importable from here as before)
           "name_end", "MAX_NAME_CHARS", "MAX_NAME_WORDS", "MAX_NAMES", "whole_safetensors", "said_key",
           "KOREAN_ALIASES", "PAINTING_KINDS", "ORDERED_KINDS", "USER_WIDE_KINDS", "USER_WIDE_TEXT", "ACTING_KINDS",
           "PAINTS_PHOTO"]
# (the waits are bot/layer_timing.py's, not importable from here: a test patching them here would patch nothing)


# -- parsing -------------------------------------------------------------------------------------
def verb_of(method: str) -> str:
    """The command that paints with ``method``: /hq for Gatys, else /style."""
    return "/hq" if method == "gatys" else "/style"


def replace_words(words: list[str], old: str, new: str) -> str | None:
    """``words`` joined, with the first run of whole words that is ``old`` made ``new``: a
    suggestion swaps the mistyped word ("mone" of "monet 50% mone"), not a part of another.
    None when ``old`` is not among them: a button that repeats the mistake is none."""
    target = old.split()
    for i in range(len(words) - len(target) + 1):
        if target and words[i:i + len(target)] == target:
            return " ".join([*words[:i], new, *words[i + len(target):]])
    return None


def without_strength(words: str) -> str:
    """"golden age 30%" -> "golden age": the style a shortcut's words name, its strength left out."""
    return " ".join(split_strength(words)[0])


def shortcut_of(name: str) -> str | None:
    """"My Style" -> "my_style": the command a style name can be typed as, where Telegram's rules
    allow one (a Korean name has none). Lookup ignores underscores, so the command finds the style."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    command = re.sub(r"[\s\-]+", "_", plain.strip())
    return command if TELEGRAM_COMMAND.match(command) else None


class RateLimiter:
    """At most ``jobs`` per ``window`` seconds per user (sliding window)."""

    def __init__(self, jobs: int, window: float, clock=time.monotonic):
        self.jobs, self.window, self.clock = jobs, window, clock
        self._hits: dict[str, deque] = defaultdict(deque)
        self._swept = clock()       # when users idle for a window were last forgotten (hit)

    def wait_time(self, user: str, cost: int = 1) -> float:
        cost = min(cost, self.jobs)     # a request dearer than the whole budget (/preview: 3) costs all of it
        now = self.clock()
        hits = self._hits.get(user) or deque()      # (not kept for a user refused before any hit)
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) + cost <= self.jobs:
            return 0.0
        return max(0.1, hits[min(len(hits) - 1, len(hits) + cost - self.jobs - 1)] + self.window - now)

    def hit(self, user: str, cost: int = 1) -> None:
        now = self.clock()
        self._hits[user].extend([now] * min(cost, self.jobs))
        if now - self._swept >= self.window:     # once a window: every user ever seen was kept for good
            self._swept = now
            for idle in [u for u, hits in self._hits.items() if not hits or hits[-1] <= now - self.window]:
                del self._hits[idle]


@dataclass
class Style:
    """A resolved style: what the job carries, what the user reads, what /stronger re-uses."""
    ref: StyleRef
    label: str
    name: str


DROPPED_KEPT = 10_000       # requests dropped by a /cancel or /forgetme, remembered as such for the front-ends
QUIET_REFUSALS_S = 10.0     # a limit's reply is not repeated to the same user within this time
# those limits: a burst of /mydata, of taps on one button or of photos to a full queue got one
# reply each (the "busy", "already painting" and "sent a moment ago" of the burst's first)
QUIET_KEYS = ("rate_limited", "too_many_pending", "mydata_wait", "already_painting", "busy", "busy_restarting",
              "too_many_messages",
              "nothing_to_cancel",     # (30 /cancel with nothing to cancel: said 30 times)
              # /stronger, /weaker and /hq's refusals of the user's last painting: 40 /stronger with
              # nothing painted yet were 40 "paint something first" (not "photo gone" nor "style
              # removed": those name a button's own painting, and another button's is news)
              "no_previous", "already_max", "already_min")
# the limits on a user (their rate of paintings, paintings at once, messages): each refusal is
# logged at INFO (_log_limit)
LIMIT_KEYS = ("rate_limited", "too_many_pending", "too_many_messages")
# the key of log_tag: new each run, so a tag cannot be worked back to its user id (a platform's
# ids are few enough to try every one against a plain hash)
LOG_TAG_KEY = secrets.token_bytes(16)


def log_tag(user_id: str) -> str:
    """A user as the log names them: 8 hex digits, the same for them all this run (one user's
    burst is seen as one), not their id (the logs named no user, and outlive a /forgetme)."""
    return hmac.new(LOG_TAG_KEY, user_id.encode(), hashlib.sha256).hexdigest()[:8]

# messages that paint nothing (/help, /status, /styles...) answered per user: a burst of this
# many, then one a second or so. 50 /help in a second were 50 long replies, and on Telegram past
# the bot's flood limit, which held up everyone's replies. /cancel and /forgetme always go through.
CHATTER_LIMIT, CHATTER_WINDOW_S = 20, 20.0


# the OS's errors that only a disk gives: full, over quota, read-only
DISK_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})


def failed_storage(exc: BaseException) -> str | None:
    """storage_problem of a failure told to its user (tell_failed): the store's or SQLite's, or a
    file's (an OSError naming its path, or one only a disk gives). Not a network's: many are
    OSErrors too (ConnectionError, TimeoutError, ssl's, aiohttp's ClientConnectorError, raised
    through discord.py), and a Discord download cut short was told "a storage problem"."""
    if isinstance(exc, sqlite3.Error):          # (StorageError, the store's, is one)
        return storage_problem(exc)
    if isinstance(exc, OSError) and (exc.filename is not None or exc.errno in DISK_ERRNOS):
        return storage_problem(exc)
    return None


# -- the layer -------------------------------------------------------------------------------------
class CommandLayer(CommandNames, SlashlessCommands, RequestOrder, StyleNames, PaintingJobs, PaintingLimits,
                   PhotoCommands, Repaints, PreferenceCommands, CommunityStyleCommands):
    """Every command; those of preferences and of community styles come from their mixins, as
    do the reading of command names (bot/command_names.py; typed without a slash to the bot:
    bot/slashless.py), the ordering of requests
    (bot/request_order.py), the reading of artists' names (bot/style_names.py), the running
    of paintings' jobs (bot/painting_jobs.py) and the repaints of a painting (bot/repaints.py)."""

    def __init__(self, settings: Settings, store: Store, queue, describer: Describer | None = None,
                 catalog=None, clock=time.monotonic, trainer=None):
        self.settings = settings
        self.store = store
        self.queue = queue
        self.describer = describer
        self.trainer = trainer          # bot/style_training.StyleTrainer: community styles' own models
        self.catalog = catalog or load_catalog()
        self.limiter = RateLimiter(settings.RATE_LIMIT_JOBS, settings.RATE_LIMIT_WINDOW_S, clock)
        self.chatter = RateLimiter(CHATTER_LIMIT, CHATTER_WINDOW_S, clock)
        self.pending: dict[str, dict[str, str]] = defaultdict(dict)   # user -> {job id: lane} waiting/running
        self.clock = clock
        self.shown: dict[str, tuple[str, Any, str]] = {}   # job id -> (label, its last status, lane), for /status
        self.started_over_jobs: set[str] = set()     # the jobs of self.shown waiting again after an engine crash
        self.time_left_shown: dict[str, float] = {}  # job id of self.shown -> the time left its line says (TimeLeft)
        # (user, chat, kind) -> (limit key, when told), the newest 10,000 first told (a hint, not a record)
        self._refused: Newest = Newest(10_000, refresh=False)
        self._refused_photos = RefusedPhotos(QUIET_REFUSALS_S, clock)    # that limit's line, counting photos refused
        self.popular = [a for a in POPULAR if self.catalog.get(a)]
        self.forget_hooks: list[Callable[[str], Any]] = []     # front-ends that keep something per user (may be async)
        self.forgotten: dict[str, float] = {}    # user -> when they asked /forgetme (this run)
        # /cancel of what has not reached the queue yet (a big photo still being checked): each
        # request is numbered as it comes; /cancel waits for the user's earlier ones to submit
        # their jobs (or end), then cancels those, and one that comes to submit later submits
        # nothing. "Nothing to cancel", or "Cancelled 1 painting", then the painting, was a lie.
        self._sequence = itertools.count()
        self._in_flight: dict[int, InFlight] = {}   # request number -> where it stands
        self.arrivals = ArrivalTimes()              # request number -> when it came (a painting's "done in N s")
        self._cancelled_at: dict[str, int] = {}     # user -> their /cancel's number, while earlier requests run
        # request number -> "cancel" or "forget": what dropped it, kept after it is over for the
        # front-ends' asking (dropped_by); the newest DROPPED_KEPT
        self._dropped_seqs: Newest = Newest(DROPPED_KEPT, refresh=False)
        # request number -> a stop held its job over for the next start (held_over): its album's
        # (n, count), None for a single photo (album_rest_at_stop)
        self._held_seqs: Newest = Newest(HELD_OVER_KEPT, refresh=False)
        self._slot_jobs: dict[str, list[str]] = {}  # a pending slot of several jobs (/preview) -> their ids
        self._slot_shown: dict[str, tuple[str, int]] = {}   # a /preview's slot -> (its label, its tiles), for /status
        self._slot_seq: dict[str, int] = {}         # a pending slot -> the number of the request it is for
        self._mydata_times: dict[str, float] = {}   # user -> when their last /mydata export began
        self._offered: dict[tuple[str, str], float] = {}   # (user, chat) -> when a photo got the artist buttons
        self._painted: dict[tuple[str, str], float] = {}   # (user, chat) -> when their last painting was sent
        # (user, chat) -> when they were last shown a painting or artist buttons, and the photo
        # (hash, job id; None: their last) that was for: what "how about monet?" repaints
        self._shown: dict[tuple[str, str], tuple[float, str | None]] = {}
        self.forget_hooks.append(self._forget_memory)
        self._seed_typical_times()
        self.commands: dict[str, Callable] = {
            "start": self.cmd_start, "help": self.cmd_help, "style": self.cmd_style,
            "hq": self.cmd_hq, "mix": self.cmd_mix, "styles": self.cmd_styles,
            "preview": self.cmd_preview, "setstyle": self.cmd_setstyle, "strength": self.cmd_strength,
            "keepcolors": self.cmd_keepcolors, "size": self.cmd_size, "lang": self.cmd_lang,
            "settings": self.cmd_settings, "mydata": self.cmd_mydata, "forgetme": self.cmd_forgetme,
            "cancel": self.cmd_cancel, "status": self.cmd_status, "stronger": self.cmd_stronger,
            "weaker": self.cmd_weaker, "pick": self.cmd_pick, "addstyle": self.cmd_addstyle,
            "removestyle": self.cmd_removestyle, "communitystyles": self.cmd_communitystyles,
            "renamestyle": self.cmd_renamestyle,
        }
        # (parse makes a Korean name its command; known here too, so that no style takes one)
        self.commands.update({word: self.commands[command] for word, command in KOREAN_ALIASES.items()})

    def _seed_typical_times(self) -> None:
        """The queue's typical painting times, per lane, started from the history's (Store.
        typical_seconds) where the queue has seen none yet: after a restart /status said "about
        5 s" for paintings of 0.5 s, and the first /hq "about 120 s" for 37 s. A queue keeping
        its times as ``times`` (a ServiceTimes: the process and Redis queues) is seeded; another
        keeps its first guesses. Never fails the start: the history is only a better guess."""
        times = getattr(self.queue, "times", None)
        if not callable(getattr(times, "add", None)) or not isinstance(getattr(times, "seen", None), dict):
            return
        try:
            typical = self.store.typical_seconds()
        except Exception as exc:        # (a locked or damaged store: the queue's defaults)
            log.warning("typical painting times not read from the history (%s: %s)", type(exc).__name__, exc)
            return
        for lane, seconds in typical.items():
            if not times.seen.get(lane):
                times.add(lane, seconds)

    # the commands a platform should advertise (Telegram's menu, tests)
    COMMAND_NAMES = ["start", "help", "style", "hq", "mix", "styles", "preview", "setstyle", "strength",
                     "keepcolors", "size", "lang", "settings", "mydata", "forgetme", "cancel", "status",
                     "stronger", "weaker", "addstyle", "removestyle", "communitystyles", "renamestyle"]

    def arrive(self, user_id: str, chat_id: str | None = None, text: str | None = None,
               waited_before: float = 0.0, sent=None) -> int:
        """RequestOrder.arrive, its time noted too: a painting's line counts from it (ArrivalTimes),
        or ``waited_before`` seconds earlier where the front-end knows the message waited before
        it came (a web page that held it while the bot was starting), or from ``sent``, the date
        its platform gave the message (Telegram's: held while the bot was down)."""
        seq = super().arrive(user_id, chat_id, text)
        self.arrivals.note(seq, waited_before, sent)
        return seq

    def left(self, seq: int) -> None:
        super().left(seq)
        self.arrivals.forget(seq)

    # -- entry point -------------------------------------------------------------------------
    async def handle(self, req: Request, out: Responder) -> None:
        """Answer one message; never raises (a failure becomes a polite reply and a log line)."""
        lang = self.lang_without_store(req)    # (the store may be what fails)
        ours: bool | None = None                # whether the message is for this bot, once known
        if req.seq is None or req.seq not in self._in_flight:     # numbered on arrival, or now
            req.seq = self.arrive(req.user_id)
        entry = self._in_flight[req.seq]
        entry.handled = True
        # (a flood's photo may come without its file: skips_download)
        photos = len(req.images) + (entry.unfetched[1] if entry.unfetched is not None else 0)
        try:
            # whether it is for us before anything else reads the store: with the store locked,
            # a group's chatter and another bot's "/sticker" were answered "storage problem"
            parsed = self.parse(req)
            ours = not self.ignores(req, parsed) and self.is_ours(req, parsed)
            lang = self.lang_of(req)                     # (for an error before the wait below)
            kind = self.kind_of(req, parsed)
            self._known_as(entry, req, kind, parsed)
            if self._chatter(req, parsed, kind):           # paints nothing: the limit on messages
                if wait := self.chatter.wait_time(req.user_id):
                    raise BotError("too_many_messages", seconds=max(1, round(wait)))
                self.chatter.hit(req.user_id)
            if kind == "forgetme" and ours and self.confirms_forget(req, parsed[1]):
                self._forget_requests(req, before_wait=True)    # (not waited for: it drops them)
            if kind != "cancel":                         # (/cancel waits for them its own way)
                await self._after_earlier(req, out, lang)
                if entry.redoes and self._dropped_by_cancel(req):
                    return               # cancelled while it waited: ended now, not after the download
            if entry.forgotten:
                return                   # (a photo downloading as the user asked /forgetme)
            lang = self.lang_of(req)                     # after a /lang sent just before
            if kind in PAINTING_KINDS and self._again(req, entry):    # a button tapped twice: one painting
                if self._said_already(req, "already_painting", out):       # tapped 20 times: said once
                    return
                return await out.send(Reply(t(lang, "already_painting"), private=True))   # no news for a channel
            offered = self._offered.get((req.user_id, req.chat_id))
            try:
                await self._handle(req, out, lang, parsed)
            finally:
                self._note_buttons_shown(req, offered)
        except ChatUnreachable as exc:   # blocked, removed: nothing more to send there
            log.info("a reply could not be sent: the chat takes no messages from the bot (%s); "
                     "the request is dropped", exc)
        except MaybeDelivered as exc:    # no error reply for a message that may well be there
            log.warning("a reply may not have arrived (%s); not sent again", exc)
        except BotError as exc:
            if ours is False:        # another bot's "/sticker" with a file too large: not ours to refuse
                return
            # (a painting command's own refusal, "send a photo first", "not an image", is always its
            # own: replaced by "slow down" past the limit on messages, it was mostly not said at all)
            key = said_key(exc.key, exc.params)
            if self._said_already(req, key, out):
                try:
                    return await self._refused_unsaid(req, key, exc, lang, photos)
                except Exception as failed:      # (ProgressLine's edits do not raise; the text might)
                    log.warning("a refusal could not be counted (%s: %s)", type(failed).__name__, failed)
                    return
            try:
                text = self.as_typed(req, exc.key, self.error_text(lang, exc.key, exc.params))
                handle = await out.send(Reply(text, buttons=exc.buttons, private=True))
                if key in PHOTO_LIMIT_KEYS and not getattr(out, "answers_each", False):    # (never quiet there)
                    self._refused_photos.sent(self._quiet_slot(req, key), key, photos, out, handle, text,
                                              exc.buttons)
            except ChatUnreachable as unreachable:
                log.info("a reply could not be sent: the chat takes no messages from the bot (%s)", unreachable)
            except Exception as failed:  # (the front-end has said why, and tried again)
                log.warning("a reply could not be sent either (%s: %s)", type(failed).__name__, failed)
        except Exception as exc:
            if ours is None:         # failed before lang_of (a group's styles), which may not fail:
                lang = None          # read again, so that a Korean user is told in Korean
            await self.tell_failed(exc, req, out, lang,
                                   said=self.ours_without_store(req) if ours is None else ours)
        finally:
            self.left(req.seq)

    async def tell_failed(self, exc: Exception, req: Request, out: Responder, lang: str | None = None,
                          said: bool = True) -> None:
        """A message whose handling failed, here or at its front-end before it came here: logged
        (a storage problem in a line, anything else with its traceback) and, where ``said`` (it
        was for this bot), its user told privately, "a storage problem" or "something went
        wrong", in ``lang``, else their language as read now, else (the store may be what
        failed) as known without the store. Never raises."""
        # the command's name only: what users write stays out of logs
        command = (req.text or "").split(maxsplit=1)[0][:40] if (req.text or "").startswith("/") else \
            "(a photo or text)"
        problem = failed_storage(exc)
        if problem:                  # a database locked or a disk full: not a bug, and it passes
            log.error("command %s: storage problem: %s", command, problem)
        else:
            log.error("command %s failed", command, exc_info=exc)
        if not said:
            return                   # not for this bot: nothing said, whatever failed
        if lang is None:
            try:
                lang = self.lang_of(req)
            except Exception:        # (the store, still failing)
                lang = self.lang_without_store(req)
        try:
            await out.send(Reply(t(lang, "storage_problem" if problem else "engine_error"), private=True))
        except ChatUnreachable as unreachable:
            log.info("the error reply could not be sent: the chat takes no messages from the bot (%s)", unreachable)
        except Exception as failed:  # (the front-end has said why, and tried again)
            log.warning("the error reply could not be sent either (%s: %s)", type(failed).__name__, failed)

    def _forget_memory(self, user_id: str) -> None:
        """/forgetme: the layer's memories keyed by the user go too. The quiet slots kept a
        refusal silent after it, the artist buttons of a deleted photo were "just offered", and
        /mydata just after was "wait a minute" for an export of nothing. (The rate limits stay:
        a /forgetme is no way around them; requests under way end on their own.)"""
        for memory in (self._refused, self._offered, self._painted, self._shown):
            for key in [key for key in memory if key[0] == user_id]:
                del memory[key]
        self._refused_photos.forget(user_id)
        self._mydata_times.pop(user_id, None)
        self._forget_menus_shown(user_id)      # ("the menu is just above" after Another artist)

    def _chatter(self, req: Request, parsed: tuple[str, str] | None, kind: str) -> bool:
        """Whether a request counts against the limit on messages (CHATTER_LIMIT): one that paints
        nothing (/help, /status, /styles, /settings, text in a private chat). A button's tap
        (its command names its painting or photo) is not typed chatter, and a request with a
        picture never is (a photo alone gets the artist buttons and is kept; with an artist's
        name it is painted; past the limit such a photo was dropped without a word); one whose
        upload was refused (a video, a file too large) is. Paintings have their own limits;
        /cancel and /forgetme always go through."""
        if kind in PAINTING_KINDS | {"cancel", "forgetme"} and parsed is not None:
            return False
        if req.images or req.reply_to_images:     # (a flood of videos or files is chatter: each a reply)
            return False
        if req.reply_ref or PAINTING_REF.search(req.text or ""):
            return False     # a button's tap ("/pick #<photo>": another artist) or a reply to a painting
        return not self.ignores(req, parsed)     # a group's own talk is not for the bot

    def _said_already(self, req: Request, key: str, out: Responder | None = None) -> bool:
        """A limit (rate, paintings at once) told to this user in this chat for this kind of
        request in the last QUIET_REFUSALS_S seconds is not told again: a burst of 30 requests
        got 28 same replies. Another kind (/preview after /style) is answered: silence there
        looked like a dead bot. A Responder that answers each request on its own (``answers_each``:
        Discord's interactions, whose "thinking…" line is deleted when nothing is said, the user's
        command vanishing unanswered; their refusals are the user's alone) is always told."""
        if key not in QUIET_KEYS:
            return False
        if getattr(out, "answers_each", False):
            self._log_limit(req, key)
            return False
        now, where = self.clock(), self._quiet_slot(req, key)
        told = self._refused.get(where)
        if told and told[0] == key and now - told[1] < QUIET_REFUSALS_S:
            return True
        self._refused[where] = (key, now)
        self._log_limit(req, key)
        return False

    def _quiet_slot(self, req: Request, key: str) -> tuple[str, str, str]:
        """Where a limit ``key`` is said once a burst (_said_already): the user, the chat, the kind
        of request."""
        parsed = self.parse(req)
        kind = "any" if key == "too_many_messages" else self.kind_of(req, parsed)    # said once for all
        if key in ("already_max", "already_min"):    # about one painting: another painting's is news
            kind += ":" + (req.reply_ref or (parsed[1] if parsed else "").strip().lstrip("#"))
        return req.user_id, req.chat_id, kind

    async def _refused_unsaid(self, req: Request, key: str, exc: BotError, lang: str, photos: int) -> None:
        """A limit said already this burst refused ``photos`` more: the burst's one refusal says
        how many photos it turned away ("… 12 photos were not taken: send them again then."),
        that the user can tell which to send again (they got no word at all)."""
        def text_of(count: int) -> str:
            refusal = self.as_typed(req, key, self.error_text(lang, exc.key, exc.params))
            return refusal + " " + t(lang, "photos_not_taken", count=count)
        await self._refused_photos.refused_again(self._quiet_slot(req, key), key, photos, text_of)

    @staticmethod
    def _log_limit(req: Request, key: str) -> None:
        """One INFO line when a limit refuses a user (LIMIT_KEYS), as often as they are told (once
        a burst): a flood was invisible at INFO. The user by log_tag (the bot's logs name no user,
        and keep what /forgetme deletes), nothing they wrote."""
        if key in LIMIT_KEYS:
            log.info("limit %s refused user #%s (%s)", key, log_tag(req.user_id), req.platform)

    def kind_of(self, req: Request, parsed: tuple[str, str] | None) -> str:
        """The command a request runs (``parsed``: its parse), for _said_already, /cancel, and a
        front-end that tells a painting from a setting before its photos download: /gogh, an
        artist's name, a photo and the artist buttons all paint as /style."""
        name = self.command_of(parsed) or "style"
        if name == "styles" and parsed[1] and self.sent_photo(req):    # as _handle reads it: /style meant
            name = "style"
        return name if name in self.commands else "style"

    def lang_of(self, req: Request) -> str:
        prefs = self.prefs_of(req)
        if prefs.lang in ("en", "ko"):
            return prefs.lang
        if req.text and self.typed_in_korean(req):     # "/도움말" on an English phone: Korean meant
            return "ko"
        if req.text and not req.text.lstrip().startswith("/") and HANGUL.search(req.text):
            return "ko"                                 # plain words in Hangul ("고흐랑 모네 섞어줘") too
        if isinstance(req.locale, str) and req.locale:
            code = req.locale.lower().replace("_", "-").split("-")[0]
            if code in ("en", "ko"):
                return code
        return self.settings.DEFAULT_LANG

    def lang_without_store(self, req: Request) -> str:
        """lang_of where the store cannot say (it failed): a command's Korean name, else the
        request's locale, else the default."""
        if korean_command(parse_command(req.text, req.bot_username, only_bot=req.only_bot)) is not None:
            return "ko"
        return self.lang_of(dataclasses.replace(req, text="", prefs=Prefs()))

    def ours_without_store(self, req: Request) -> bool:
        """ignores and is_ours, read as parse and is_ours read a message, with the artists for
        every style (the store failed): in a group a bare command is ours where it is one of our
        commands, a Korean name that runs there, an artist's /NAME ("/ gogh" too, a phone's
        space after the slash) or /style_NAME; the group's own styles' names are left unsaid, and
        so is "/style_nosuch", which may be another bot's."""
        parsed = self._parse(req, store=False)
        return not self.ignores(req, parsed) and self.is_ours(req, parsed, store=False)

    def reply_asks(self, req: Request) -> bool:
        """Whether a reply to one of the bot's messages (``req``: its text, in its chat) asks the bot
        for something, read as _handle reads a private chat's message: a command (one typed
        without its slash too, "hq monet": bot/slashless.py), an artist or a
        mix named in plain words ("monet", "paint it like monet", "모네로 그려줘"), a follow-up
        ("how about monet?"), an artist asked for that no style is ("picasso style"). A group
        answers a reply to the bot only then: "wow, nice!" or "thanks" under a painting is
        chatter, and no reply; "monet" there was chatter too, and the README says the bot answers
        replies to its messages. A remark about an artist ("this looks like monet", "I prefer monet
        tbh", "is this monet?") asks nothing."""
        text = (req.text or "").strip()
        if text.startswith("/"):
            return True
        if not text:
            return False
        if self.slashless(req) is not None:      # "hq monet", "size small": a command without its slash
            return True
        # its words read as text alone, not as the painting's caption (artist_in_text reads a reply
        # to a painting as a photo sent, whose "like monet" is its style): "this looks like monet",
        # "i like mixing gogh and monet" under it are remarks in a group, no requests
        as_text = dataclasses.replace(req, images=[], reply_to_images=[], reply_ref=None)
        return bool(self.artist_in_text(as_text) or self._artist_followed_up(req) or self.unknown_artist_asked(req))

    def error_text(self, lang: str, key: str, params: dict | None = None) -> str:
        params = dict(params or {})
        if "limit" in params:               # "the limit is 20 MB": MAX_UPLOAD_MB is a float
            params["limit"] = plain_number(params["limit"])
        key = said_key(key, params)         # "busy" while the bot stops: a restart, not a crowd
        if isinstance(params.get("name"), str) and len(params["name"]) > 60:     # echo a name, not an essay
            params["name"] = params["name"][:59] + "…"
        if key == "bad_option":     # the engine's own words (English, a file's name): the log's, not the user's
            log.warning("the engine refused a job's option: %s", params.get("detail"))
            key = "engine_error"
        if key == "style_file_damaged" and not params.get("name"):     # which style's, unknown: "“?”"
            key = "engine_error"
        if key == "out_of_memory" and int(params.get("smaller") or 0) < MIN_OUTPUT_SIDE:
            key = "out_of_memory_smallest"      # a /size under the least /size takes: no advice it refuses
        if key == "unknown_command_near" and isinstance(params.get("suggestions"), list):     # (offered_only)
            params["suggestions"] = names_or(lang, params["suggestions"])
        text = t(lang, key if key and has(key) else "engine_error", **params)
        if key == "unknown_style" and params.get("suggestions"):
            text += " " + t(lang, "did_you_mean", suggestions=names_or(lang, params["suggestions"]))
        elif key == "unknown_style":         # no near name: where every artist is listed
            text += " " + t(lang, "unknown_style_list")
        return text

    async def _handle(self, req: Request, out: Responder, lang: str, parsed: tuple[str, str] | None) -> None:
        if self.ignores(req, parsed) or self._forgotten_request(req):
            return          # (an album's next photo: not kept after a /forgetme, as it was)
        # several pictures painted each (an album), or the paintings of /addstyle: one bad file is
        # said, and the others go on; it sank the whole album (or style), not saying which file it was
        each = len(req.images) + len(req.upload_errors) > 1 and \
            (self._paints_each(parsed, req) or self.command_of(parsed) == "addstyle")
        refused = list(req.upload_errors)

        def log_refused(e: UploadError, nbytes: int | None = None) -> None:
            if self.is_ours(req, parsed):   # (another bot's "/sticker" with a bad file: neither told nor logged)
                log_refused_upload(log_tag(req.user_id), req.platform, e, nbytes)

        for e in refused:                   # (the front-end's: too large to fetch, no image by its type)
            log_refused(e)
        if refused and not each:
            raise BotError(refused[0].key, **refused[0].params)
        # in a thread: reading a 20 MB progressive JPEG through takes up to a second, and every
        # chat, and the queue's listeners, would wait meanwhile
        limits = (self.settings.MAX_UPLOAD_MB, self.settings.MAX_IMAGE_MEGAPIXELS, self._upload_side(req, parsed))
        good = []
        for data in req.images:
            try:
                await asyncio.to_thread(check_upload, data, *limits)
                good.append(data)
            except UploadError as e:
                log_refused(e, len(data))
                if not each:
                    raise BotError(e.key, **e.params)
                refused.append(e)
        if refused and each:
            if not good:
                raise BotError(refused[0].key, **refused[0].params)
            for e in refused:
                await out.send(Reply(t(lang, "album_file_refused", error=self.error_text(lang, e.key, e.params))))
            req.images, req.upload_errors = good, []
        # a replied-to file matters only to commands that use it (/help replying to a PDF is fine)
        usable = []
        for data in req.reply_to_images:
            try:
                await asyncio.to_thread(check_upload, data, *limits)
                usable.append(data)
            except UploadError as e:
                req.reply_errors.append(e)
        req.reply_to_images = usable
        if self._forgotten_request(req):
            return          # (a /forgetme while its photos were checked: seconds, for a big one)
        await self.store.off_loop.touch_user(req.user_id, req.platform)
        if (entry := self._entry_of(req)) is not None and entry.unfetched is not None:
            return await self._refuse_unfetched(req, out, lang, parsed)
        if self.is_ours(req, parsed):       # a group photo for another bot ("/sticker") is not kept
            await self.keep_photo(req, parsed)
            if req.kept_photo is not None:  # the photo "how about monet?" means now (_photo_shown)
                self._note_shown(req, req.kept_photo.hash)
        if self._forgotten_request(req):
            return          # (a /forgetme while the store was slow: nothing more of it, nor said)
        if parsed is not None and ALBUM_MARK.search(parsed[1]):     # an album's buttons: all its photos
            parsed = parsed[0], ALBUM_MARK.sub("", parsed[1])
            if not req.images and self._paints_each(parsed, req):
                album, why = self._album_named(req, parsed)
                if album:
                    name, args = parsed
                    return await self._album(dataclasses.replace(req, images=album, reply_ref=None), out, lang,
                                             (name, PAINTING_REF.sub(" ", args).strip()))
                await out.send(Reply(t(lang, why)))     # then its first photo, as its own buttons paint it
        if len(req.images) > 1 and self._paints_each(parsed, req):
            return await self._album(req, out, lang, parsed)
        if parsed is None and (named := self.artist_in_text(req)):    # "gogh", "고흐", "make it like monet"
            return await self.cmd_style(req, out, lang, named)
        if parsed is None:
            if (tried := self._artist_followed_up(req)) is not None:       # "how about monet?" after a painting
                # the photo it is attached to or replies to (a painting: its photo), as "monet"
                # there paints; else the one the user was just shown; gone, no other in its place
                named = req.images or req.reply_to_images or req.reply_ref
                photo = await self.content_photo(req) if named else self._photo_shown(req)
                if photo is None:
                    raise self._photo_gone()
                return await self.cmd_style(req, out, lang, tried, photo=photo)
            if req.images or (req.reply_ref and req.reply_from_bot):   # a photo, or one of our paintings
                return await self.bare_photo(req, out, lang)
            if (unknown := self.unknown_artist_asked(req)) is not None:     # "피카소풍으로 해줘"
                return await self.say_unknown_artist(req, out, lang, unknown)
            return await out.send(Reply(t(lang, self._hint_key(req))))
        name, args = parsed
        ref = PAINTING_REF.search(args)
        if ref:                        # a button names its painting or photo: "/stronger #<job id>"
            req.reply_ref = ref.group(1)
            args = PAINTING_REF.sub(" ", args).strip()
        if name == "styles" and args and self.sent_photo(req):    # "/styles gogh" with a photo: /style meant
            name = "style"
        handler = self.commands.get(name)
        if handler is not None:
            if asks_help(args):         # not a style called "help"; and "/forgetme help" deletes nothing
                return await self.cmd_usage(req, out, lang, name)
            return await handler(req, out, lang, args)
        # /gogh, /monet, /my_style (a community style "my style"): a style shortcut
        if self.is_shortcut(name, args, req):
            if asks_help(args) and self.find_style(name, req) is not None:     # /gogh help
                return await self.cmd_usage(req, out, lang, "style")
            # "/gogh" then "thanks!" under it: a note, as under "/style gogh" ("I don't know the style thanks!")
            below = re.fullmatch(r"[/／]\s*\S+", (req.text or "").strip().partition("\n")[0].strip())
            return await self.cmd_style(req, out, lang, (name + ("\n" if below else " ") + args).strip())
        # a renamed style's old command: the style's, as its new name's shortcut is (in a group
        # not addressed to us, of the group's own renames: renamed_command); without a photo,
        # its new name alone
        if (renamed := self.renamed_command(name, args, req)) is not None:
            if self.sent_photo(req):
                return await self._paint_renamed(req, out, lang, *renamed)
            raise renamed[0]
        underscored = self.underscored(name, args)
        if underscored and (not req.is_group or req.mentioned or
                            self.current_style(without_strength(underscored[1]), req)):
            return await self.commands[underscored[0]](req, out, lang, underscored[1])
        if not req.is_group or req.mentioned:
            raise await self.unknown_command(name, args, req, lang)

    async def _paint_renamed(self, req: Request, out: Responder, lang: str, renamed: BotError, args: str) -> None:
        """"/golden_age" with a photo, of a style renamed since (removed_style_error's
        style_renamed): painted with it, as "/style golden age" and the buttons under its old
        paintings paint it, and its new name said once under the painting (it said only that,
        painting nothing). Without a photo, that reply alone, as before. An album: each photo, as
        under "/gilded" (it painted the first alone), and the new name said once after them all."""
        # by its old name, which current_style follows to the scope that renamed it: the new name
        # may be another scope's style too (the operators' "Ink" renamed "Blot" beside a group's "Blot")
        named = f"{renamed.params['name']} {args}".strip()
        if len(req.images) > 1:
            await self._album(req, out, lang, ("style", named))
        else:
            await self.cmd_style(req, out, lang, named)
        await out.send(Reply(t(lang, "style_renamed", **renamed.params)))

    def _upload_side(self, req: Request, parsed: tuple[str, str] | None) -> int:
        """The size a request's photo is painted at, which a strip is judged at when it comes
        (check_upload): the user's own (/size: what is too thin at 512 px may paint at 2048),
        /hq's smaller one, /preview's tiles'. Judged at /size, a strip /hq or /preview cannot paint
        passed, was kept and queued, and the engine refused it with the same reply later."""
        name = self.command_of(parsed)
        if name == "preview":
            return self._preview_side()
        return self._output_side(self.prefs_of(req), "gatys" if name == "hq" else "auto")

    def _preview_side(self) -> int:
        return max(64, self.settings.PREVIEW_SIDE)

    def ignores(self, req: Request, parsed: tuple[str, str] | None) -> bool:
        """Whether a request is not for this bot at all: a command for another bot, or group
        chatter (no command, no mention). A front-end need not download its photos."""
        if parsed is None and re.match(r"/\S", (req.text or "").strip()):
            return True                              # a command for another bot
        return req.is_group and parsed is None and not req.mentioned    # group chatter, not for us

    def is_ours(self, req: Request, parsed: tuple[str, str] | None, store: bool = True) -> bool:
        """Whether this layer answers the request, as _handle dispatches it: in a group a command
        not addressed to us counts only if it is one of ours (a command, a style shortcut, the
        old command of a style the group renamed, an underscored style); anything else may be
        another bot's. (``store``: as parse's.)"""
        if not req.is_group or parsed is None or req.mentioned:
            return True
        name, args = parsed
        args = PAINTING_REF.sub(" ", args).strip()
        if name in self.commands or self.is_shortcut(name, args, req, store):
            return True
        if store and self.renamed_command(name, args, req) is not None:     # /golden_age, renamed /gilded
            return True
        underscored = self.underscored(name, args)
        if not underscored:
            return False
        # (/style_gogh 30%: the name without its strength; /style_golden_age: a renamed style's
        # old name, as "/style golden age" paints it)
        named = without_strength(underscored[1])
        return self._names_style(named, req, store) or bool(store and self.current_style(named, req) is not None)

    # -- what a front-end asks of a message before it downloads its photos -------------------
    def is_read_later(self, req: Request, parsed: tuple[str, str] | None) -> bool:
        """Whether the user's later messages read what this one does: they wait for its photos' download too."""
        return not self.ignores(req, parsed) and self.kind_of(req, parsed) in ORDERED_KINDS

    def may_be_read_later(self, req: Request, parsed: tuple[str, str] | None) -> bool:
        """is_read_later before its photos are there ("/styles gogh" with one paints): else none waits for them."""
        return not self.ignores(req, parsed) and self.kind_of(req, parsed) in ORDERED_KINDS | {"styles"}

    def reads_replied_painting(self, req: Request, parsed: tuple[str, str] | None) -> bool:
        """Whether a request replying to one of the bot's paintings reads the painting's picture,
        which a front-end then downloads: /addstyle takes it as a painting of the style, and
        /style or /hq naming no artist paints the user's photo like it (_paint_like_painting).
        Anything else ("/weaker", "/style monet", "monet") paints the photo its job names
        (req.reply_ref): the painting, up to 20 MB, was downloaded for nothing."""
        if parsed is None:
            return False
        name = self.command_of(parsed)
        if name == "addstyle":
            return True
        if name not in ("style", "hq"):
            return False
        try:        # as cmd_style reads its words: "/style strongly" names no artist
            named, _ = self._style_and_strength(PAINTING_REF.sub(" ", parsed[1]).strip(), req, "en")
        except BotError:
            return True             # (read as before: cmd_style answers it)
        return not named

    @property
    def answering(self) -> int:
        """How many requests the layer is still answering (a stop waits for their replies)."""
        return len(self._in_flight)

    @staticmethod
    def acts_unanswered(kind: str) -> bool:
        """Whether a ``kind`` changes something (a setting, /cancel, a style): passed on where the bot may not write."""
        return kind in ACTING_KINDS

    def paints_photos(self, req: Request, parsed: tuple[str, str] | None, photos: int) -> bool:
        """Whether it surely paints its ``photos`` (0: one): refused undownloaded where a chat takes no pictures."""
        return self._paint_cost(dataclasses.replace(req, images=[b""] * max(1, photos)), parsed) is not None

    def expect_photos(self, req: Request, parsed: tuple[str, str] | None, photos: int) -> None:
        """A message's ``photos`` about to download (``req``: its text, an album's caption, with
        none of them yet): ordered as what it says, and a /cancel sent meanwhile counts each it
        would paint, and nothing where it paints none."""
        entry = self._entry_of(req)
        if entry is None or entry.forgotten:    # (a /forgetme dropped it: nothing to count or order)
            return
        if photos:
            # An album is numbered as its first photo comes, with that photo's caption (arrive):
            # a "/size 256" on a later one (each photo may have its own) was a painting until the
            # album was handled, after its download: a /cancel meanwhile said "Cancelled 1
            # painting", and the user's painting in another chat went on before the /size. (Read
            # with its photos there: "/styles gogh" with one paints, as _handle reads it.)
            self._known_as(entry, req, self.kind_of(dataclasses.replace(req, images=[b""] * photos), parsed), parsed)
        # (InFlight.more, which _admit sets once the album is there: a /cancel that stopped waiting
        # for the download, SETTLE_WAIT_S, said "Cancelled 1 painting" for five photos, none painted)
        if photos < 2 or not self._paints_each(parsed, req):
            return
        if self.paints_photos(req, parsed, photos):
            entry.more = max(entry.more, photos - 1)

    def painting_owner(self, chat_id: str, ref: str) -> str | None:
        """Whom a painting (its job id) was for: a front-end tells a group's own (an anonymous admin's) so."""
        painting = self.store.painting(chat_id, ref)
        return painting.get("user_id") if painting is not None else None

    def prefs_of(self, req: Request):
        """The user's settings for this request: an album's photos are painted one after another,
        all with the settings of when it came (a /size sent meanwhile is for what comes after it;
        it changed the album's later photos)."""
        return req.prefs if req.prefs is not None else self.store.prefs(req.user_id)

    def _paints_each(self, parsed, req: Request) -> bool:
        """Several photos in one message: a painting command paints each (an album with
        "/style gogh"); /addstyle takes them together as paintings, /preview uses the first."""
        if parsed is None:
            return True
        command = self.command_of(parsed)
        if command in self.commands:
            return command in ("style", "hq", "mix")
        return self.is_shortcut(*parsed, req)

    def is_shortcut(self, name: str, args: str, req: Request, store: bool = True) -> bool:
        """/NAME [strength] paints a style; so does "/my style", a name typed with its space.
        (``store``: False where it failed: an artist's name only.)"""
        if self._names_style(name, req, store):
            return True
        words = without_strength(args)
        return bool(words) and self._names_style(f"{name} {words}", req, store)

    def _names_style(self, name: str, req: Request, store: bool = True) -> bool:
        """Whether ``name`` is a style's (find_style); without the ``store``, an artist's."""
        return self.find_style(name, req) is not None if store else \
            bool(normalise(name)) and self.catalog.get(name) is not None

    def artist_in_text(self, req: Request) -> str | None:
        """What /style would take from a message without a command (_artist_in_words); where its
        words ask for none, what its first line asks for, the lines under it a note, as under
        "/style gogh" ("gogh" then "thanks!": "Which artist…?" was said)."""
        named = self._artist_in_words(req)
        first, newline, _ = (req.text or "").strip().partition("\n")
        if named is None and newline and first.strip():
            named = self._artist_in_words(dataclasses.replace(req, text=first))
        return named

    def _artist_in_words(self, req: Request) -> str | None:
        """What /style would take from a message without a command (bot/artist_mentions.py); a
        word asking for a mix ("섞어줘", "mix") with two or more known styles joined to it is their
        mix (bot/mix_requests.py), five or more too (/style then says a mix takes at most four); a
        mix said not to be wanted, the one artist named beside it."""
        mentions = ArtistMentions(is_style=lambda name: self.find_style(name, req) is not None,
                                  all_known=lambda words: self._all_known(words, req))
        photo = self.sent_photo(req)
        text = without_laughter(req.text or "")         # "모네로 해줘ㅎㅎ": the ㅎㅎ is no word of it
        named = mentions.style_asked(text, req.bot_username, photo)
        # a style cue on a name said not to be wanted ("고흐처럼 말고 모네처럼", "gogh style, not
        # monet style") asks for no painting of it: the message is read as a refusal below
        if named is not None and not paints_a_refused_name(named, text, mentions):
            return named
        # the names joined to a mix word, among other words, are painted where the mix word asks: in
        # a caption unless it is a feeling ("I love mixing monet and gogh"), in text after the photo
        # as a request ("mix gogh and monet, no rush"; "can you mix gogh and monet?" asks nothing)
        asks = mix_word_asks(text, caption=photo)
        if not wants_a_mix(text):
            # "don't mix gogh and monet, just munch", "모네 말고 고흐로": the one artist asked for, as
            # "just munch" alone would be
            choice = choice_beside_refusal(text, mentions)
            if choice:
                return mentions.style_asked(choice, req.bot_username, photo)
            # a refusal word elsewhere, of an artist or of nothing asked: "모네 말고 고흐랑 클림트
            # 섞어줘" mixes gogh and klimt, "mix gogh and monet, no rush" gogh and monet
            mixed = " ".join(names_mixed_not_refused(text, mentions)) if asks else ""
            return mixed if mixed and self._paints_a_mix(mixed, req) else None
        mixing = ArtistMentions(is_style=mentions.is_style,
                                all_known=lambda words: self._all_known(words, req, too_many=True))
        mixed = mixing.style_asked(without_mix_words(text, mentions), req.bot_username, photo)
        if (mixed is None or not self._paints_a_mix(mixed, req)) and asks:
            # "우리 고양이 고흐 모네 섞어서 그려줘": the mix word says the names joined to it are the style
            mixed = " ".join(names_mixed(text, mentions)) or None
        return mixed if mixed is not None and self._paints_a_mix(mixed, req) else None

    def _paints_a_mix(self, names: str, req: Request) -> bool:
        """Whether /style ``names`` asks for a mix: two or more styles, or more than a mix takes
        (its answer says so), not one style or nothing."""
        try:
            return len(self.read_styles(names, req, "en")) > 1
        except BotError as exc:
            return exc.key == "mix_too_many"

    def unknown_artist_asked(self, req: Request) -> str | None:
        """A name plainly asked for as a style that none has ("picasso style", "피카소풍으로
        해줘"), in text after a photo the user has here (bot/unknown_artists.py); else None."""
        text = self._without_mention(req)
        is_command = lambda word: word in self.commands      # noqa: E731
        name = unknown_name_asked(text, is_command) or unknown_name_requested(text, is_command) or \
            unknown_name_in_mix(text, lambda word: self.find_style(word, req) is not None, is_command)
        if name is None or self.find_style(name, req) is not None:
            return None
        return name if self.store.last_photo(req.user_id, req.chat_id) is not None else None

    @staticmethod
    def _without_mention(req: Request) -> str:
        """The text without the bot's @name: "@paintbot picasso please" in a group."""
        mention = "@" + (req.bot_username or "").lower()
        return " ".join(w for w in (req.text or "").split() if w.lower() != mention)

    async def say_unknown_artist(self, req: Request, out: Responder, lang: str, name: str) -> None:
        """"I don't know Picasso (yet)" over the artist buttons for the last photo; to whoever may
        add a style here, how to add it (/addstyle). A name near a known one ("gog style") gets
        /style's answer instead: "Did you mean: Vincent van Gogh?" and its button."""
        if self.unknown_style(name, req, lang).params["choices"]:
            return await self.cmd_style(req, out, lang, name)
        shown = name[:1].upper() + name[1:]
        text = t(lang, "unknown_artist_asked", name=shown)
        if await self.may_edit_styles(req, global_scope=False):
            text += " " + t(lang, "unknown_artist_addstyle", name=name)
        await self._pick(req, out, lang, None, text=text)

    def _hint_key(self, req: Request) -> str:
        """What text the bot cannot read is answered with: just after the artist buttons, how to
        pick one; just after a painting, how to get another version of it ("thanks!", "좀 더
        진하게 해줘" got "send me a photo", as if none had come); else how to send a photo."""
        if self._just_offered(req):
            return "pick_artist_hint"
        if not self._just_painted(req):
            return "text_hint"
        # a group reads no photo without a command or the bot's name; the web chat (one community
        # of private pages: private_reply) reads them all
        if not req.is_group or req.private_reply:
            return "after_painting_hint"
        # a group reads a reply naming an artist (reply_asks): the hint says so, where it said
        # "/style ARTIST". (Discord words it its own way: discord_messages.MESSAGE_WORDING, and
        # discord_bot.DISCORD_WORDING for a slash command's)
        return "after_painting_hint_group_reply"

    def _artist_followed_up(self, req: Request) -> str | None:
        """A catalog style a follow-up names just after a painting or the artist buttons ("how
        about monet?", "모네도 돼?": bot/follow_ups.py), which paints the photo last shown
        (_photo_shown); else None. In a group, said with the bot's @name ("@paintbot how about
        monet?"): that is how a group speaks to it, or replying to the bot's message, whose
        painting's photo it paints however long ago it came (req.reply_ref)."""
        replying = bool(req.reply_ref and req.reply_from_bot)
        if not (replying or self._just_painted(req) or self._just_offered(req)):
            return None
        name = name_followed_up(without_laughter(self._without_mention(req)))
        return name if name and self.find_style(name, req) is not None else None

    def _photo_shown(self, req: Request) -> Photo | None:
        """The photo of the painting or artist buttons the user was last shown in this chat, or
        the photo they sent since (a button under an older painting shows an older photo than
        their last; a photo whose caption failed is newer than the painting); None where it is
        kept no more (its sender's /forgetme): their last photo painted in its place was a
        painting no one asked for."""
        at, ref = self._shown.get((req.user_id, req.chat_id), (-math.inf, None))
        if ref is None or self.clock() - at >= OFFER_KEPT_S:
            return self.store.last_photo(req.user_id, req.chat_id)
        return self.store.photo_of(req.chat_id, ref)

    def _note_shown(self, req: Request, ref: str | None) -> None:
        now = self.clock()
        self._shown = {key: seen for key, seen in self._shown.items() if now - seen[0] < OFFER_KEPT_S}
        self._shown[(req.user_id, req.chat_id)] = (now, ref)

    def _note_buttons_shown(self, req: Request, offered_before: float | None) -> None:
        """Where handling ``req`` showed the artist buttons (Repaints._pick noted a new offer),
        the photo they are for, as _pick names it: the painting or photo a button or reply names
        ("/pick #<job id>" under an older painting), else the photo attached, else (None) the
        user's last. (Repaints._pick keeps no ref of its own: bot/repaints.py could note it.)"""
        at = self._offered.get((req.user_id, req.chat_id))
        if at is None or at == offered_before:
            return
        ref = req.reply_ref or (req.kept_photo.hash if req.images and req.kept_photo is not None else None)
        self._note_shown(req, ref)

    def _just_painted(self, req: Request) -> bool:
        """Whether the user's last painting in this chat was sent in the last OFFER_KEPT_S."""
        at = self._painted.get((req.user_id, req.chat_id))
        return at is not None and self.clock() - at < OFFER_KEPT_S

    def _note_painted(self, req: Request, photo: str) -> None:
        """A painting of ``photo`` (its hash) was sent: text soon after asks about it (_hint_key,
        _photo_shown)."""
        now = self.clock()
        self._painted = {key: at for key, at in self._painted.items() if now - at < OFFER_KEPT_S}
        self._painted[(req.user_id, req.chat_id)] = now
        self._note_shown(req, photo)

    def _just_offered(self, req: Request) -> bool:
        """Whether the user's photo in this chat got the artist buttons in the last OFFER_KEPT_S."""
        at = self._offered.get((req.user_id, req.chat_id))
        return at is not None and self.clock() - at < OFFER_KEPT_S

    def _all_known(self, words: list[str], req: Request, too_many: bool = False) -> bool:
        """Every word of ``words`` part of a known style's name (one, or a mix's; ``too_many``:
        also more of them than a mix takes)."""
        if self.find_style(" ".join(words), req) is not None:
            return True
        for read in (lambda: self.split_names(mix_words(" ".join(words)), req, "en"),
                     lambda: self.parse_mix(" ".join(words), req, "en")):     # "gogh 70% monet"
            try:
                return bool(read())
            except BotError as exc:
                if too_many and exc.key == "mix_too_many":
                    return True
        return False

    def usage_of(self, style, req: Request) -> str:
        """How to paint with a community style: /my_style where that command reaches it, else
        /style NAME (Discord has no such commands; a name Telegram cannot take as one)."""
        command = shortcut_of(style.name)
        if req.platform != "dc" and command and command not in self.commands:
            found = self.find_style(command, req)
            if found is not None and found.name == style.name:    # not shadowed by another scope's
                return "/" + command
        return f"/style {style.name}"

    # -- styles ----------------------------------------------------------------------------
    def scope_of(self, req: Request) -> str:
        return req.community_id or req.chat_id

    def find_style(self, name: str, req: Request, lang: str = "en") -> Style | None:
        key = normalise(name)
        if not key:
            return None
        for scope in (self.scope_of(req), "global"):
            cs = self.store.find_style(scope, key)
            if cs is not None:
                return self._painted_as(cs)
        artist = self.catalog.get(name)
        if artist is not None:
            return Style(StyleRef("artist", artist.slug), artist.name(lang), artist.slug)
        return None

    def _painted_as(self, cs: CommunityStyle) -> Style:
        """A community (or everyone's) style as a painting job names it."""
        if cs.has_own_model:    # its own adaptive parameters, with the descriptor inside
            return Style(StyleRef("adaptive", str(self.store.data_dir / cs.adaptive_path)), cs.name, cs.name)
        return Style(StyleRef("descriptor", str(self.store.style_path(cs))), cs.name, cs.name)

    def _style_named(self, req: Request) -> Callable[[str], bool]:
        """Whether a word names a style (one of a hashtag's: without_hashtags)."""
        return lambda word: self.find_style(word, req) is not None

    def _renamed_style(self, name: str, req: Request) -> Style | None:
        """This community's (or everyone's) style renamed from ``name`` (/renamestyle), as the
        store remembers it (removed_style); None where none was, or it is gone since. Its new name
        is looked up in the scope that renamed it alone: read as any name, it led to another
        scope's style of that name (the operators' "Blot" for a community's "Ink" renamed
        "Blot" and removed since; a community's own "Blot" for the operators' "Ink")."""
        key = normalise(name)
        for scope in (self.scope_of(req), "global") if key else ():
            gone = self.store.removed_style(scope, key)
            if gone is not None and gone["renamed_to"]:
                now = self.store.find_style(scope, normalise(gone["renamed_to"]))
                return self._painted_as(now) if now is not None else None
        return None

    def resolve_style(self, name: str, req: Request, lang: str) -> Style:
        if name == PAINTING or name.startswith(PAINTING + "#"):
            digest = name.partition("#")[2]
            if digest:
                kept = self.store.photo_of(req.chat_id, digest)
                data = kept.data if kept is not None else None
            else:
                data = self.store.old_style_painting(req.user_id)
            if data is None:
                raise self._photo_gone() if digest else BotError("no_previous")
            return Style(StyleRef("image", data), t(lang, "picture_label"), name)
        style = self.current_style(name, req, lang)
        if style is None:
            raise self.unknown_style(name, req, lang)
        return style

    def current_style(self, name: str, req: Request, lang: str = "en") -> Style | None:
        """find_style, or the style renamed since from ``name``: the buttons under its paintings,
        a user's last styles and default, and a "/style OLD NAME" name it as it was ("style
        removed" was said repainting from them). (Not in find_style: a new style may take the
        old name, /addstyle's checks read it free.)"""
        return self.find_style(name, req, lang) or self._renamed_style(name, req)

    def unknown_style(self, name: str, req: Request, lang: str) -> BotError:
        """unknown_style with the nearest names: artists as the user's language writes them (a
        Korean user read "kimhongdo"), then community styles; params["choices"] holds each as
        (label, name to send), for the buttons ``offer`` makes of them."""
        choices = [(self.catalog.get(slug).name(lang), slug) for slug in self.catalog.suggest(name)]
        key = normalise(name)
        for scope in (self.scope_of(req), "global"):
            choices += [(s.name, s.name) for s in self.store.styles_in(scope) if key and (key in s.key or s.key in key)]
        choices = choices[:4]
        return BotError("unknown_style", name=name, suggestions=[label for label, _ in choices], choices=choices)

    async def offer(self, exc: BotError, req: Request, command: Callable[[str], str | None],
                    photo: bool = True) -> BotError:
        """``exc`` with its suggestions as buttons that act with one tap (``command``: a choice's
        command, None for no button). They name the photo (``photo``), kept (keep_photo; a
        replied-to one by content_photo) though the request stopped before painting it: a tap
        later paints this one."""
        choices = exc.params.get("choices") or []
        if not choices:
            return exc
        ref = await self._photo_ref(req) if photo else ""
        buttons = [Button(label, made + ref) for label, name in choices if (made := command(name))]
        fit = [b for b in buttons if len(b.command.encode()) <= BUTTON_COMMAND_MAX]
        if fit and len(fit) < len(buttons):     # the text names what the buttons offer (none fit: it still helps)
            offered_only(exc, [b.label for b in fit])
        exc.buttons = [fit[i:i + 2] for i in range(0, len(fit), 2)]
        return exc

    async def _photo_ref(self, req: Request) -> str:
        """" #<photo hash>" of the photo a command would paint; "" when there is none."""
        try:
            return f" #{(await self.content_photo(req)).hash}"
        except BotError:
            return ""

    # -- painting ----------------------------------------------------------------------------
    def _style_and_strength(self, args: str, req: Request, lang: str) -> tuple[str, float | None]:
        """A /style's words as its name and strength (_style_words), a strength in words read too
        ("/style gogh strongly", "/style 고흐 강하게"), as a caption's is; a number typed with it
        wins ("/style gogh 0.6 strongly", "/style gogh strongly 0.6")."""
        name, alpha = self._style_words(args, req, lang)
        rest, said = strength_in_words(name, lambda n: self.find_style(n, req) is not None)
        if said is None:
            return name, alpha
        name, typed = self._style_words(rest, req, lang)
        return name, next(a for a in (alpha, typed, said) if a is not None)

    async def cmd_style(self, req, out, lang, args, method: str = "auto", photo: Photo | None = None):
        """``photo``: the content photo, when the caller has taken it already (a bare photo)."""
        name, alpha = self._style_and_strength(args, req, lang)
        prefs = self.prefs_of(req)
        if not name and req.reply_errors and not req.reply_to_images:
            raise BotError(req.reply_errors[0].key, **req.reply_errors[0].params)
        if not name and req.reply_to_images:
            return await self._paint_like_painting(req, out, lang, method, alpha)
        if not name and method == "gatys" and (prefs.last_styles or (req.reply_ref and not self._names_a_photo(req))):
            return await self._rerun(req, out, lang, method="gatys", alpha=alpha)   # the "High quality" button
        name = name or prefs.default_style
        if not name:
            return await self._ask_artist(req, out, lang, method, alpha)
        styles = await self._styles_named(name, req, lang, method, alpha)
        try:
            content = photo or await self.content_photo(req)
        except BotError as exc:     # "/hq monet" with no photo: that command is the example
            raise no_photo_for(self, req, exc, verb_of(method), name, styles) from None
        await self.paint(req, out, lang, content, styles, method=method, **self._as_painted(req, alpha))

    async def _styles_named(self, name, req, lang, method: str, alpha: float | None) -> list[tuple[Style, float]]:
        """The style /style names (read_styles). An unknown name's nearest ones come as buttons
        that paint with this command's method and strength, each only where what it sends would
        paint ("gogh 0.5 monet 0.5 gohg": "gogh" for "gohg" leaves nothing for it, and is a
        repeat): a button that only gets another refusal is none."""
        verb = verb_of(method)
        strength = f" {strength_text(alpha)}" if alpha is not None else ""
        try:
            return self.read_styles(name, req, lang)
        except BotError as exc:
            if exc.key == "mix_repeated":         # a button that paints the one artist named
                raise await self.offer(exc, req, lambda choice: f"{verb} {choice}{strength}")
            if exc.key != "unknown_style":
                raise
            unknown = str(exc.params.get("name", ""))

            def swapped(choice: str) -> str | None:
                # the words as typed; else as the mix read them: "gohg" of "gohg, monet" is no
                # word as typed ("gohg,"), and its button repeated "/style gohg, monet"
                text = replace_words(name.split(), unknown, choice) or replace_words(mix_words(name), unknown, choice)
                if not text or self.reads_as_styles(text, req, lang):
                    return text
                try:                    # "gogh gohg": the fix names one artist twice, that artist
                    self.read_styles(text, req, lang)       # alone (as "/style gogh gogh" offers)
                except BotError as again:
                    return choice if again.key == "mix_repeated" else None
                return None

            self._paintable_choices(exc, swapped)
            raise await self.offer(exc, req, lambda choice: f"{verb} {text}{strength}"
                                   if (text := swapped(choice)) else None)

    @staticmethod
    def _paintable_choices(exc: BotError, swapped: Callable[[str], str | None]) -> None:
        """An unknown name's suggestions, only those whose request would paint (``swapped``:
        the request with a choice in, None where it would not): "Did you mean Van Gogh?" for
        a mix Van Gogh cannot make was a dead end, its button another refusal."""
        choices = [(label, choice) for label, choice in exc.params.get("choices") or [] if swapped(choice)]
        exc.params["choices"] = choices
        exc.params["suggestions"] = [label for label, _ in choices]

    async def _ask_artist(self, req, out, lang, method: str, alpha: float | None = None) -> None:
        """/style or /hq without an artist (what Telegram's command menu sends): the artist
        buttons for the photo, painting with this command (at ``alpha``, when one was given);
        without a photo, how to send both."""
        verb = verb_of(method)
        try:
            photo = await self.content_photo(req)
        except BotError as exc:
            if exc.key != "no_photo":
                raise
            raise BotError("no_style_no_photo", command=verb)
        await self._pick(req, out, lang, photo.hash, verb, alpha)

    async def _paint_like_painting(self, req, out, lang, method, alpha):
        """/style replying to a painting: the painting is the style, the user's photo the content."""
        if not req.images and self.store.last_photo(req.user_id, req.chat_id) is None:
            raise BotError("no_style_image")
        content = await self.content_photo(req, use_reply=False)
        painting = req.reply_to_images[0]
        digest = await self.store.off_loop.save_photo(req.user_id, painting, req.chat_id, kind="style",
                                                      sender=req.reply_author)
        style = Style(StyleRef("image", painting), t(lang, "picture_label"), f"{PAINTING}#{digest}")   # its buttons find it again
        await self.paint(req, out, lang, content, [(style, 1.0)], method=method, alpha=alpha)

    async def cmd_hq(self, req, out, lang, args):
        await self.cmd_style(req, out, lang, args, method="gatys")

    async def cmd_mix(self, req, out, lang, args):
        args = without_hashtags(args, self._style_named(req))       # "/mix gogh monet #klimt": klimt was mixed in
        args = without_halves(args)         # "/mix half gogh half monet", "/mix 고흐 반 모네 반": the 50/50 mix
        try:
            items = self.parse_mix(args, req, lang)
        except BotError as exc:      # a button per nearest name: the same mix with it instead
            if exc.key == "mix_repeated":         # "/mix gogh gogh": a button that paints the one artist
                raise await self.offer(exc, req, lambda choice: f"/style {choice}")
            if exc.key != "unknown_style":
                raise
            written, unknown = mix_words(args), str(exc.params.get("name", ""))

            def swapped(choice: str) -> str | None:
                text = replace_words(written, unknown, choice)
                try:
                    return "/mix " + text if text and self.parse_mix(text, req, lang) else None
                except BotError as again:   # another word unknown: that reply offers the next fix;
                    if again.key == "unknown_style":
                        return "/mix " + text
                    # the one artist the fix names ("/mix gogh gohg", "/mix gohg"): that artist
                    # alone, as "/mix gogh gogh" offers (there was no suggestion at all)
                    if again.key == "mix_repeated" or (again.key == "bad_mix" and self.find_style(text, req, lang)):
                        return f"/style {choice}"
                    # a mix's rules refuse it ("gogh 0.5 monet 0.5 gohg": gogh again, nothing left): none
                    return None

            self._paintable_choices(exc, swapped)
            raise await self.offer(exc, req, swapped)
        try:
            content = await self.content_photo(req)
        except BotError as exc:     # "/mix gogh monet" with no photo: that mix is the example, as /hq's
            raise no_photo_for(self, req, exc, "/mix", args, items) from None
        await self.paint(req, out, lang, content, items, **self._as_painted(req))

    async def cmd_preview(self, req, out, lang, args):
        try:
            content = await self.content_photo(req)
        except BotError as exc:     # "/preview" with no photo: that command is the example, as /hq's
            raise no_photo_of_command(self, req, exc, "/preview") from None
        prefs = self.prefs_of(req)
        picks = self.popular[:9]
        # its lines name the command as typed: "/미리보기" was answered "✅ /preview: ..."; read
        # as its no-photo example reads it ("미리보기" alone, "/ 미리보기" were "/preview" here)
        label = typed_verb(self, req, "/preview")
        jobs = [Job(user_id=req.user_id, chat_id=req.chat_id, image=content.data,
                    styles=[StyleRef("artist", slug)], alpha=1.0, preserve_color=bool(prefs.keep_colors),
                    method="auto", max_side=self._preview_side(),
                    meta={"lang": lang, "label": label, "command": "/preview"}) for slug in picks]
        slot = "preview:" + jobs[0].id          # its own: two previews at once are two
        if self._dropped_by_cancel(req):            # before its limits are charged
            return
        mine = self.pending.get(req.user_id, {})
        cap = getattr(getattr(self.queue, "settings", None), "queue_max_per_user", None)
        if mine and isinstance(cap, int) and self.painting_refusal(req.user_id, 3) is None and \
                self._jobs_counted(mine) + len(jobs) > cap:
            # the user's own paintings would fill the queue's share of theirs (QUEUE_MAX_PER_USER,
            # 10: a /preview is 9): said as the limit it is; it was "The painter is very busy"
            raise BotError("too_many_pending", count=len(mine))
        self._admit(req, slot, "fast", cost=3)
        self._slot_jobs[slot] = [job.id for job in jobs]
        self._slot_shown[slot] = (label, len(jobs))
        start = time.monotonic()
        since = self.arrivals.waited_since(req.seq, start)    # the grid's line says the user's whole wait
        try:
            refused = None
            for job in jobs:
                if (await self.queue.submit(job)).state in ("failed", "cancelled"):
                    refused = job       # past the queue's limits: a grid with holes said "done"
                    break
            self._submitted(req)
            if refused is not None:     # none of it, and the queue's answer (as a painting's, run_job)
                await self._cancel_quietly([job.id for job in jobs[:jobs.index(refused)]])
                result = await self.queue.wait(refused.id)
                raise BotError(result.error_key or "engine_error", **(result.error_params or {}))
            try:
                handle = await self._progress_line(out, t(lang, "running", style=label, percent=0))
            except ChatUnreachable:      # no one to show the tiles to: none painted for no one
                await self._cancel_quietly([job.id for job in jobs])
                raise
            done = 0

            async def one(job):
                nonlocal done
                res = await self.queue.wait(job.id)
                done += 1
                # a tile painted is no longer the user's in the queue, and the slot goes with the last
                # one, before the line's edit (flood control may hold it): the slot counted nine
                # tiles until then, and a second /preview was "1 painting in progress" meanwhile
                left = self._slot_jobs.get(slot)
                if left is not None and job.id in left:
                    left.remove(job.id)
                    if not left:
                        self._free(req.user_id, slot)
                await self._edit(out, handle, t(lang, "running", style=label, percent=int(100 * done / len(jobs))),
                                 progress=True)
                return res

            results = await asyncio.gather(*(one(j) for j in jobs))
        finally:
            self._free(req.user_id, slot)
            self._slot_shown.pop(slot, None)
        seconds = time.monotonic() - start
        for job, res in zip(jobs, results):
            await self.record(job, req.platform, "/preview", seconds, res, photo=content.hash)
        if any(r.error_key == "cancelled" for r in results):   # /cancel: no grid with holes
            return await self._end_line(out, handle, t(lang, "failed", style=label,
                                                        error=self.error_text(lang, "cancelled")), failed=True)
        if not any(r.ok for r in results):
            first = results[0]
            error = self.error_text(lang, first.error_key or "engine_error", first.error_params)
            return await self._end_line(out, handle, t(lang, "failed", style=label, error=error), failed=True)
        await self._end_line(out, handle, done_text(lang, label, time.monotonic() - since), failed=False)
        label_lang = lang if lang == "en" or draws_korean() else "en"     # a font with Hangul, if any
        tiles = [(self.catalog.get(s).name(label_lang), r.image if r.ok else None) for s, r in zip(picks, results)]
        ref = f" #{content.hash}"                  # pressed later, they still paint this photo
        buttons = [[Button(self.catalog.get(s).name(lang), f"/style {s}{ref}") for s in picks[i:i + 3]]
                   for i in range(0, len(picks), 3)]
        await out.send(Reply(t(lang, "preview_caption"), image=grid(tiles, side=self.settings.PREVIEW_SIDE),
                             buttons=buttons))

    # -- information ---------------------------------------------------------------------------
    async def cmd_start(self, req, out, lang, args):
        await out.send(Reply(t(lang, "start")))

    async def cmd_help(self, req, out, lang, args):
        if req.platform == "dc":          # Discord has only its registered slash commands: no /gogh
            command, shortcut = "{}", ""
        else:
            command, shortcut = "/{}", t(lang, "help_shortcut")
        if lang == "ko":                  # the command, and the name a Korean user knows the artist by
            artists = ", ".join(f"{command.format(a.slug)} {a.name_ko}" for a in self.catalog.artists)
        else:
            artists = (" " if req.platform != "dc" else ", ").join(command.format(a.slug) for a in self.catalog.artists)
        await out.send(Reply(t(lang, "help", artists=artists, shortcut=shortcut)))

    async def cmd_usage(self, req, out, lang, name):
        key = USAGE.get(name)
        if key is None:
            return await self.cmd_help(req, out, lang, "")
        text = t(lang, key, low=MIN_OUTPUT_SIDE, high=self.settings.MAX_SIDE_LIMIT, **self.size_names())
        await out.send(Reply(self.as_typed(req, key, text)))

    async def cmd_styles(self, req, out, lang, args):
        lines = [t(lang, "styles_header", count=len(self.catalog.artists))]
        command = "/style {}" if req.platform == "dc" else "/{}"      # Discord: no /gogh command
        lines += [t(lang, "styles_line", command=command.format(a.slug), name_en=a.name_en, name_ko=a.name_ko,
                    years=years_text(lang, a.years)) for a in self.catalog.artists]
        community = await self._community_lines(req, lang)
        if community:
            lines += [""] + community
        for text in pack_lines(lines):       # 50 community styles: past what one message may hold
            await out.send(Reply(text))

    async def cmd_status(self, req, out, lang, args):
        st = self.queue.status()
        mine = self.pending.get(req.user_id, {})
        times = {lane: self.lane_seconds(st, lane) for lane in ("fast", "hq")}
        lanes = ["fast"]
        if "hq" in mine.values() and "hq" in (st.get("lanes") or {}):     # the typical time of their lane
            lanes = ["fast", "hq"] if "fast" in mine.values() else ["hq"]
        # a lane whose time the queue does not know (a NaN mean) is left out: "about nan s" was said
        lanes = [lane for lane in lanes if known_time(times[lane])]
        key = {("fast",): "queue_status", ("hq",): "queue_status_hq",
               ("fast", "hq"): "queue_status_both"}.get(tuple(lanes), "queue_status_no_estimate")
        # the queue's numbers count jobs, a /preview's nine tiles nine: "yours" counts them alike
        # ("8 waiting, 1 painting, yours: 1" during a /preview)
        text = t(lang, key, waiting=st.get("waiting", 0), running=st.get("running", 0), mine=self._jobs_counted(mine),
                 seconds=duration_text(lang, times["fast"], about=True),
                 hq_seconds=duration_text(lang, times["hq"], about=True))
        offline = {lane for lane, info in (st.get("lanes") or {}).items() if info.get("online") is False}
        if offline:          # the engine (or Redis) is away: times mean nothing until it is back
            text += "\n" + t(lang, "status_offline_hq" if offline == {"hq"} else "status_offline")
        # each of the user's paintings as its progress line shows it (where it waits, how far it is)
        # (a painting that is over is none of them: its last status may still be the one kept)
        lines = []
        for painting in mine:                   # (a job's id, or a /preview's slot)
            if painting in self._slot_shown:    # a /preview: how many of its tiles are painted
                lines.append(self._slot_text(lang, painting))
            elif painting in self.shown and self.shown[painting][1].state in LIVE_STATES:
                lines.append(self._status_text(lang, *self.shown[painting], started_over=painting in self.started_over_jobs,
                                               left=self.time_left_shown.get(painting)))
        await out.send(Reply("\n".join([text, *lines])))

    def _jobs_counted(self, mine: dict[str, str]) -> int:
        """How many jobs the user's paintings in progress are in the queue: a /preview's slot its
        tiles not yet painted (one before they are queued), any other painting one."""
        return sum(len(self._slot_jobs.get(key, ())) or 1 for key in mine)

    def _slot_text(self, lang: str, slot: str) -> str:
        """A /preview's line in /status: its nine tiles share one slot, no job's status."""
        label, total = self._slot_shown[slot]
        return t(lang, "status_preview", style=label, done=total - len(self._slot_jobs.get(slot, ())), total=total)

    @staticmethod
    def lane_seconds(status: dict, lane: str) -> float:
        """A lane's typical painting time from the queue's status(); the queue's one mean when it
        has no lanes (the in-process queue)."""
        lanes = status.get("lanes") or {}
        seconds = (lanes.get(lane) or {}).get("mean_seconds")
        return float(seconds if seconds is not None else status.get("mean_seconds") or 0)

    async def cmd_cancel(self, req, out, lang, args):
        """Each painting request of the user's under way (a /preview's nine jobs are one), counted
        as the user sent them. Their requests still on the way to the queue (a big photo being
        checked) are waited for first, up to SETTLE_WAIT_S; one slower than that submits nothing."""
        user = req.user_id
        self._cancelled_at[user] = req.seq
        earlier = [e for n, e in self._in_flight.items() if e.user == user and n < req.seq]
        for entry in earlier:
            entry.same = None           # cancelled: the same button again is a new request (_again)
            entry.stopped.set()         # a repaint waiting for a download ends (_after_earlier)

        async def settled() -> None:
            for entry in earlier:
                await entry.settled.wait()

        try:
            await asyncio.wait_for(settled(), layer_timing.SETTLE_WAIT_S)
        except TimeoutError:
            pass
        count = 0
        mine = list(self.pending.get(user, {}))
        later = [slot for slot in mine if self._slot_seq.get(slot, -1) > req.seq]    # asked for after it
        for slot in mine:
            if slot not in later:
                hits = [await self.queue.cancel(job_id) for job_id in self._slot_jobs.get(slot, [slot])]
                count += any(hits)
        for entry in earlier:
            # those that came to submit since (dropped), and those not there yet (they will be)
            if (entry.dropped or not entry.settled.is_set()) and not entry.counted:
                entry.counted = True
                count += 1
            # an album's photos after the one in the queue: they will submit nothing either (a
            # 3-photo album was "Cancelled 1 painting")
            count += entry.more
            entry.more = 0
        if not count and not later:                      # anything of theirs the queue holds without a request here
            count = await self.queue.cancel_user(user)
        if not count and self._said_already(req, "nothing_to_cancel", out):
            return
        await out.send(Reply(t(lang, "cancelled_jobs", count=count) if count else t(lang, "nothing_to_cancel")))


def years_text(lang: str, years: str) -> str:
    """An artist's years as the catalog writes them ("1745–c. 1806"), in ``lang``: Korean says
    "circa" after the year, "1745–1806년경" (it showed the English "c. 1806")."""
    return CIRCA.sub(lambda m: t(lang, "years_circa", year=m.group(1)), years)


def engine_describer(engine_factory: Callable[[], Any]) -> Describer:
    """A Describer running the engine in a thread of this process (the in-process queue's setup).

    The engine (and torch) is imported only when an admin adds a style. A deployment whose
    front-ends have no torch passes a describer that asks a worker instead.
    """
    lock = asyncio.Lock()

    async def describe(images: list[bytes], path: Path) -> None:
        def work():
            from engine.core import STYLE_SIDE
            from engine.images import open_image, resize_to

            engine = engine_factory()
            # One painting decoded at a time, kept at the size it is described at: ten 64 MP
            # PNGs decoded together took 2 GB in the bot's own process.
            desc = engine.describe_style([resize_to(open_image(b, working_side=STYLE_SIDE), STYLE_SIDE)
                                          for b in images])
            tmp = path.with_suffix(".tmp")
            desc.save(tmp)
            tmp.replace(path)

        async with lock:
            await asyncio.get_running_loop().run_in_executor(None, work)

    return describe
