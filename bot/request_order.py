"""The order of a user's requests, and what a /cancel or /forgetme does to those under way: each
message is numbered as it comes (arrive), waits for the user's earlier ones that it reads
(_after_earlier, hold_for_photos), and is dropped where a /cancel or /forgetme came after it.
``InFlight`` is where one request stands. A mixin of ``bot.commands.CommandLayer``, whose
numbering (_sequence, _in_flight, _cancelled_at), parsing and language lookup it uses.

The waits (ORDER_WAIT_S, DOWNLOAD_WAIT_S, WAITING_NOTE_S) are read from bot/layer_timing.py
when used (tests set them there); the kinds of request are bot/request_kinds.py's.
"""
from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import unicodedata
from dataclasses import dataclass
from typing import Awaitable

from .arguments import is_number, read_language, without_hashtags
from .chat import PAINTING_REF, ChatUnreachable, Reply, Request, Responder
from . import layer_timing
from .errors import BotError
from .messages import t
from .request_kinds import ORDERED_KINDS, PAINTING_KINDS, USER_WIDE_KINDS, USER_WIDE_TEXT

log = logging.getLogger("bot.commands")     # (the log lines' name, as before they moved here)


@dataclass
class InFlight:
    """A request being handled, as /cancel sees it."""
    user: str
    settled: asyncio.Event = dataclasses.field(default_factory=asyncio.Event)   # its job(s) queued, or it ended
    # what the user's next message reads is done: its setting saved, its photo kept, its painting
    # queued (or it ended); the next one waits for it (_after_earlier)
    ready: asyncio.Event = dataclasses.field(default_factory=asyncio.Event)
    dropped: bool = False       # it came to submit after its user's /cancel, and submitted nothing
    counted: bool = False       # a /cancel's reply has counted it
    # an album's photos after the one at hand (taken into the queue, or stopped by a /cancel before
    # it got there): a /cancel stops and counts them
    more: int = 0
    same: tuple | None = None   # (chat, text) of a button's painting request: one at a time (_again)
    chat: str | None = None     # its chat, where known (given to arrive, or handle's request)
    # whether it changes what is the user's in every chat (USER_WIDE_KINDS); None: not known yet
    user_wide: bool | None = None
    # (refusal, photos, cost): its photos were not downloaded, the user's limits refusing the
    # painting they asked for (CommandLayer.skips_download); handle answers with that refusal
    unfetched: tuple | None = None
    handled: bool = False       # with handle (not with its front-end, its photos downloading)
    redoes: bool = False        # it repaints the user's last painting, of any chat (_redoes_last)
    # a /cancel of its user's came after it: a repaint waiting for a download stops waiting
    stopped: asyncio.Event = dataclasses.field(default_factory=asyncio.Event)
    # a /forgetme of its user's came after it: nothing of it is kept, painted, recorded or said
    forgotten: bool = False
    # a repaint: it said that it waits for the user's photo (once: its front-end's hold, then here)
    told_waiting: bool = False
    # a /lang: the language it sets, known before it runs (a repaint waiting with it says so in it)
    lang_to: str | None = None


class RequestOrder:
    """The numbering and ordering of requests, and their dropping by /cancel and /forgetme."""

    def _again(self, req: Request, entry: "InFlight") -> bool:
        """Whether the same painting request naming its painting or photo (a button: "/stronger
        #<job>"), with no photo of its own, is under way for this user in this chat: tapped twice,
        "Stronger" made two paintings at the same strength. Notes this one's otherwise."""
        if (req.images or req.reply_to_images or req.reply_errors or req.upload_errors
                or not PAINTING_REF.search(req.text or "")):
            return False                # a photo of its own, or none named: the user's last photo
        entry.same = (req.chat_id, " ".join(req.text.split()))
        return any(other.same == entry.same and other.user == req.user_id and other is not entry
                   for other in self._in_flight.values())

    async def _after_earlier(self, req: Request, out: Responder | None = None, lang: str = "en") -> None:
        """Wait, up to ORDER_WAIT_S, until the user's earlier messages have done what this one
        reads (see InFlight.ready). Each message is answered on its own, so /status and /cancel
        answer while a painting is under way; but "/size 128" then "/style gogh" sent together
        painted at the old size, and a photo then "/style gogh" painted the photo before it (the
        web chat sends what a page queued while offline at once). A repaint of the last painting
        waits longer for a photo downloading (DOWNLOAD_WAIT_S), saying so (``out``, in ``lang``),
        and a /cancel ends its wait."""
        mine = self._in_flight.get(req.seq)
        entries = [e for n, e in self._in_flight.items()
                   if e.user == req.user_id and n < req.seq and not e.ready.is_set() and self._orders(mine, e)]
        if not entries:
            return
        redo = mine is not None and mine.redoes
        # (a task, not a gather: a gather cancelled logged "exception was never retrieved")
        waits = [asyncio.ensure_future(self._all_ready(entries))]
        if redo:                # (it would repaint nothing after the /cancel: it ends at once)
            waits.append(asyncio.ensure_future(mine.stopped.wait()))
        loop = asyncio.get_running_loop()
        start = loop.time()
        ends, told = start + layer_timing.ORDER_WAIT_S, not redo or out is None or mine.told_waiting
        try:
            while not any(w.done() for w in waits):
                now = loop.time()
                if now >= ends:
                    # a repaint of the last painting: a photo still downloading in another chat
                    # (the front-end waits for its own chat's only) is the painting it repaints;
                    # after 10 s it said "paint something first", or repainted the one before
                    if not (redo and self._downloading(entries)) or ends >= start + layer_timing.DOWNLOAD_WAIT_S:
                        break
                    ends = start + layer_timing.DOWNLOAD_WAIT_S
                if not told and now >= start + layer_timing.WAITING_NOTE_S:
                    told = mine.told_waiting = True     # (a minute's silence looked like a dead bot)
                    if self._downloading(entries):
                        await self._note_waiting(out, self._waiting_lang(req, lang))
                    continue
                until = ends if told else min(ends, start + layer_timing.WAITING_NOTE_S)
                await asyncio.wait(waits, timeout=until - now, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiting in waits:
                waiting.cancel()

    async def hold_for_photos(self, req: Request, parsed: tuple[str, str] | None, out: Responder,
                              held: Awaitable[None]) -> None:
        """Await ``held``: a front-end holding ``req`` until the user's earlier photos in its chat
        are downloaded and with the layer (Telegram's, up to 150 s). A repaint of the last
        painting held so says once, after WAITING_NOTE_S, that it waits for the photo, as it does
        waiting for another chat's (_after_earlier): the user saw nothing for minutes. And a
        /cancel (or /forgetme) ends its hold at once, as it ends that wait (handle then drops it)."""
        holding = asyncio.ensure_future(held)
        entry = self._entry_of(req)
        try:
            try:
                kind = self.kind_of(req, parsed)
                if entry is not None:
                    self._note_lang(entry, req, kind, parsed)       # (a /lang held as well)
                redo = entry is not None and self._redoes_last(req, kind, parsed)
            except Exception:           # (the store failing: handle says so, after the hold)
                redo = False
            if not redo:
                return await holding
            stopped = asyncio.ensure_future(entry.stopped.wait())
            try:
                waits = [holding, stopped]
                done, _ = await asyncio.wait(waits, timeout=layer_timing.WAITING_NOTE_S, return_when=asyncio.FIRST_COMPLETED)
                if not done and not entry.told_waiting:
                    entry.told_waiting = True
                    with contextlib.suppress(ChatUnreachable):     # (the painting's reply finds it so)
                        await self._note_waiting(out, self._waiting_lang(req, self.lang_without_store(req)))
                await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            finally:
                stopped.cancel()
        finally:
            holding.cancel()

    def _waiting_lang(self, req: Request, lang: str) -> str:
        """The language of a repaint's note that it waits for the photo: the one the user's last
        /lang before it sets, where that /lang still waits too (for the same photo: a setting
        waits for the messages before it), else theirs as read now (a /lang done meanwhile),
        else ``lang``. The note came in the old language, the painting then in the new one."""
        sets = [e.lang_to for n, e in self._in_flight.items()
                if e.user == req.user_id and n < req.seq and e.lang_to and not e.forgotten]
        if sets:
            return sets[-1]
        try:
            return self.lang_of(req)
        except Exception:               # (the store failing: the language known without it)
            return lang

    def _note_lang(self, entry: InFlight, req: Request, kind: str, parsed: tuple[str, str] | None) -> None:
        """A /lang's language, noted on its ``entry`` before it runs (_waiting_lang)."""
        if kind == "lang" and parsed is not None and not self.ignores(req, parsed):
            entry.lang_to = read_language(without_hashtags(parsed[1]))

    @staticmethod
    async def _note_waiting(out: Responder, lang: str) -> None:
        """Say that a repaint waits for the user's photo. Only a courtesy: where it cannot be sent
        (a timeout that may have delivered it, the platform's trouble) the repaint goes on; it
        was dropped with it. A chat that takes no messages (ChatUnreachable) ends it, as ever."""
        try:
            await out.send(Reply(t(lang, "waiting_for_photo"), private=True))
        except ChatUnreachable:
            raise
        except Exception as failed:     # (the front-end has said why, and tried again)
            log.warning("the waiting note could not be sent (%s: %s); the repaint goes on",
                        type(failed).__name__, failed)

    @staticmethod
    async def _all_ready(entries: list[InFlight]) -> None:
        for entry in entries:
            await entry.ready.wait()

    @staticmethod
    def _downloading(entries: list[InFlight]) -> bool:
        """Whether one of ``entries`` is still with its front-end (its photos downloading)."""
        return any(not e.handled and not e.ready.is_set() for e in entries)

    def _redoes_last(self, req: Request, kind: str, parsed: tuple[str, str] | None) -> bool:
        """/stronger, /weaker, or /hq naming no artist, naming no painting (no button's "#<id>", no
        reply): the user's last painting, of any chat (_last_painting), so ordered as a setting is,
        across chats (_orders): a private /stronger (or /hq) just after a group's "/style monet"
        repaints monet, not the one before. (A bare /hq from one who never painted paints the
        default artist, or offers the buttons: waiting as well, it reads what the group's sets.)"""
        if kind not in ("stronger", "weaker", "hq") or \
                req.reply_ref or req.reply_to_images or req.reply_errors or PAINTING_REF.search(req.text or ""):
            return False
        if kind != "hq":
            return True
        # cmd_style's reading of /hq's words: a strength alone ("/hq 0.5"), a tag naming no style
        # ("/hq #cat"), a note on the lines under them ("/hq 0.5" then "please") are no artist;
        # "/hq klimt", "/hq_klimt", "/hq #klimt", "/hq please" (unknown) name one
        args = (self.underscored(*parsed) or parsed)[1] if parsed else ""
        try:
            return not self._style_words(args, req, self.lang_of(req))[0]
        except BotError:        # "/hq 1.5": refused by cmd_style, in its turn, as before
            return all(is_number(word) for word in without_hashtags(args, self._style_named(req)).split())

    @staticmethod
    def _orders(later: InFlight | None, earlier: InFlight) -> bool:
        """Whether ``later`` waits for the user's ``earlier`` message (_after_earlier). One that
        changes the user's settings waits for every earlier one, and is waited for by every later
        one, in any chat: preferences are the user's, and read in order (a photo sent in a group
        before "/size 128" in a private chat is painted at the old size, "/size 128" in a group
        then a private photo at 128). Otherwise only a message of the same chat is waited for: a
        painting reads that chat's last photo. Where it is not known yet (a message whose photos
        are still downloading, numbered without its chat), it is waited for, as before."""
        if later is None or later.user_wide is not False or earlier.user_wide is not False:
            return True
        return earlier.chat is None or later.chat is None or earlier.chat == later.chat

    def arrive(self, user_id: str, chat_id: str | None = None, text: str | None = None) -> int:
        """A message's number, taken as it comes, before the front-end downloads its photos (a big
        one for seconds): a /cancel sent meanwhile is after it. The front-end hands it on in
        Request.seq, and calls ``left`` when done with it (handle does too). ``chat_id`` and
        ``text`` (its text or caption), where given, let the user's messages in other chats go on
        while its photos download (_orders): a painting request waits for its own chat's."""
        seq = next(self._sequence)
        entry = self._in_flight[seq] = InFlight(user_id, chat=chat_id)
        if text is not None:
            entry.user_wide = bool(USER_WIDE_TEXT.match(unicodedata.normalize("NFC", text)))   # (a Mac's "/크기": letters)
            if entry.user_wide:
                # a setting (or /forgetme) paints nothing: a /cancel sent while its photo downloads
                # neither waits for it nor counts it ("Cancelled 1 painting" of a "/size 256" photo)
                entry.settled.set()
        return seq

    def _known_as(self, entry: InFlight, req: Request, kind: str, parsed: tuple[str, str] | None) -> None:
        """The request ``entry`` stands for is known to run ``kind`` (``parsed``: its parse):
        ordered as it (_orders), and no /cancel waits for (or counts) what queues nothing, nor a
        later message for what nothing reads."""
        was_wide = entry.user_wide
        entry.redoes = self._redoes_last(req, kind, parsed)
        self._note_lang(entry, req, kind, parsed)
        entry.chat, entry.user_wide = req.chat_id, kind in USER_WIDE_KINDS or entry.redoes
        if kind not in PAINTING_KINDS:
            entry.settled.set()                      # it queues nothing: no /cancel waits for it
        elif was_wide and not entry.handled and not entry.dropped:
            # numbered with a setting's text (arrive) that is not what it runs: an album whose later
            # photo, captioned "/size 256", came first, its first one "/style gogh". A painting
            # after all: a /cancel waits for it and counts it ("Cancelled 2" of three)
            entry.settled.clear()
        if kind not in ORDERED_KINDS:
            entry.ready.set()                        # nothing a later message reads: none waits for it

    def left(self, seq: int) -> None:
        """The request numbered ``seq`` is over (answered, or never handed to handle)."""
        entry = self._in_flight.pop(seq, None)
        if entry is None:
            return
        if self._is_dropped(entry):     # (asked of after it is over: dropped_by)
            self._dropped_seqs[seq] = "forget" if entry.forgotten else "cancel"
        entry.settled.set()
        entry.ready.set()
        cut = self._cancelled_at.get(entry.user)
        if cut is not None and not any(e.user == entry.user and n < cut for n, e in self._in_flight.items()):
            del self._cancelled_at[entry.user]      # no request from before that /cancel is left

    def _dropped_by_cancel(self, req: Request) -> bool:
        """Where a request is about to submit a job: whether its user sent /cancel since it came
        (then it submits nothing; the /cancel counts it, unless it had submitted a job before,
        an album's first photo: the /cancel counted that job, and the album's other photos with
        it, InFlight.more)."""
        entry = self._entry_of(req)
        if entry is not None and entry.forgotten:      # (a /forgetme dropped it, and counted it)
            return True
        if entry is None or self._cancelled_at.get(req.user_id, -1) < req.seq:
            return False
        if req.album and not entry.settled.is_set() and not entry.counted:
            # the album's first photo stopped here, none of it in the queue (it was being
            # downloaded or checked when the /cancel came): the /cancel counts this photo and
            # the ones after it, which stop here too ("Cancelled 1 painting" for three)
            entry.more = req.album[1] - req.album[0]
        # (settled by a drop before, an album's earlier photo: the /cancel has yet to count it)
        entry.counted = entry.counted or (entry.settled.is_set() and not entry.dropped)
        entry.dropped = True
        entry.settled.set()
        entry.ready.set()
        return True

    def _forgotten_request(self, req: Request) -> bool:
        """Whether the user asked /forgetme after ``req`` came (_forget_requests)."""
        entry = self._entry_of(req)
        return entry is not None and entry.forgotten

    def _forget_requests(self, req: Request, before_wait: bool = False) -> None:
        """/forgetme (``req``, confirmed): the user's requests from before it that are still on
        their way (a photo downloading in another chat, a repaint waiting for it) are dropped
        where they would keep or paint something, saying nothing; a repaint's wait ends now. The
        photo was kept, painted and recorded after "Done: I deleted ...", and repainted. (Their
        jobs in the queue are the queue's to cancel; a later /cancel does not count these.)
        ``before_wait``: done before the /forgetme's own wait for them (_after_earlier), so that
        it does not wait up to ORDER_WAIT_S for a photo still downloading that it drops; those
        already with the layer stay waited for (a /size writing its setting must not write it
        after the deletion), and they end soon, dropped at their next step."""
        for n, entry in self._in_flight.items():
            if entry.user == req.user_id and n < req.seq:
                entry.forgotten = entry.counted = entry.dropped = True
                entry.more, entry.same = 0, None
                entry.settled.set()
                if not before_wait or not entry.handled:
                    entry.ready.set()       # (nothing later waits for what will keep nothing)
                entry.stopped.set()

    def dropped_by_forget(self, req: Request | int) -> bool:
        """Whether the request (or its number, Request.seq) was dropped by its user's /forgetme
        sent after it: nothing of it is kept, painted, recorded or said. For a front-end that
        keeps its own record of what it answered; known after the layer is done with it too."""
        return self.dropped_by(req) == "forget"

    def stopped_by_cancel(self, req: Request | int) -> bool:
        """Whether the request (or its number) was stopped by its user's /cancel sent after it,
        before it submitted anything (InFlight.dropped; not one dropped by a /forgetme): the web
        chat can say so under it exactly, instead of inferring it; known after the layer is done
        with it too."""
        return self.dropped_by(req) == "cancel"

    def dropped_by(self, req: Request | int) -> str | None:
        """"cancel" or "forget": what dropped the request (or its number), under way or over
        (the newest DROPPED_KEPT, bot.commands, remembered); None where nothing did, or it is not known."""
        seq = req if isinstance(req, int) else req.seq
        entry = self._in_flight.get(seq) if seq is not None else None
        if entry is None:
            return self._dropped_seqs.get(seq)
        return ("forget" if entry.forgotten else "cancel") if self._is_dropped(entry) else None

    @staticmethod
    def _is_dropped(entry: InFlight) -> bool:
        """Dropped, or as good as: a painting a /cancel counted while it was still on its way (a
        photo downloading: "Cancelled 1 painting") submits nothing when it comes (_dropped_by_cancel),
        and a stop that cuts it off before then must not tell its user to send it again. (One
        that turned out to queue nothing, a "/size 256" caption, is settled: not dropped.)"""
        return entry.dropped or (entry.counted and not entry.settled.is_set())

    def _submitted(self, req: Request) -> None:
        """A request's job(s) are in the queue now, where a /cancel waiting for it can cancel them."""
        entry = self._entry_of(req)
        if entry is not None:
            entry.settled.set()
            entry.ready.set()

    def _entry_of(self, req: Request) -> InFlight | None:
        """Where a request stands for /cancel; None for one not through handle (a resumed job)."""
        return self._in_flight.get(req.seq) if req.seq is not None else None
