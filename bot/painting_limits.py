"""A user's painting limits: a painting's place among their paintings in progress taken (_admit)
and given back (_free), what the limits would refuse now (painting_refusal), what a request with
photos costs (_paint_cost), and a request whose photos are not downloaded because its painting
would be refused anyway (skips_download, _refuse_unfetched). A mixin of
``bot.commands.CommandLayer``, whose limiter, pending, settings, request order (_entry_of,
_after_earlier, _in_flight, _dropped_by_cancel), parsing and style lookup it uses.
"""
from __future__ import annotations

import dataclasses

from .arguments import is_number
from .chat import PAINTING_REF, Reply, Request, Responder
from .errors import BotError
from .messages import t
from .request_kinds import PAINTING_KINDS, asks_help


class PaintingLimits:
    """CommandLayer's painting limits (see the module's docstring)."""

    def _admit(self, req: Request, slot: str, lane: str, cost: int = 1) -> None:
        """Within the user's limits, or BotError; the painting's place among the user's
        paintings in progress (``slot``, in self.pending) is taken here, before any await, so
        requests handled at once cannot all pass (4 buttons tapped together made 4 jobs). The
        caller frees it in a finally."""
        if (refusal := self.painting_refusal(req.user_id, cost)) is not None:
            raise refusal
        self.limiter.hit(req.user_id, cost)
        self.pending[req.user_id][slot] = lane
        if req.seq is not None:
            self._slot_seq[slot] = req.seq
        if req.album and (entry := self._entry_of(req)) is not None:
            entry.more = req.album[1] - req.album[0]     # the album's photos still to come

    def painting_refusal(self, user_id: str, cost: int = 1) -> BotError | None:
        """What _admit would refuse a painting of ``cost`` with now (the rate limit, the user's
        paintings in progress), or None; nothing is charged."""
        wait = self.limiter.wait_time(user_id, cost)
        if wait > 0:
            return BotError("rate_limited", seconds=max(1, round(wait)))
        busy = len(self.pending.get(user_id, ()))
        if busy >= self.settings.MAX_PENDING_PER_USER:
            return BotError("too_many_pending", count=busy)
        return None

    def _paint_cost(self, req: Request, parsed: tuple[str, str] | None) -> int | None:
        """What the painting a request with photos asks for costs (_admit's ``cost``), where it
        surely asks for one with its own photo: a photo in the user's default style, "/gogh",
        "/style gogh", "/mix ...", "/preview", an artist named in the caption. None where it may
        well paint nothing (a photo alone gets the artist buttons, "/gogh help" the usage,
        /stronger, a painting replied to)."""
        if self.ignores(req, parsed) or not self.is_ours(req, parsed) or req.reply_from_bot or \
                self.kind_of(req, parsed) not in PAINTING_KINDS:
            return None
        if parsed is None:
            return 1 if self.artist_in_text(req) or self._default_paints(req) else None
        name, args = self.underscored(*parsed) or parsed
        args = PAINTING_REF.sub(" ", args).strip()
        if asks_help(args):
            return None
        if name == "preview":
            return 3
        words = args.split()
        if words and is_number(words[-1]):
            words.pop()
        # (only names it knows: "/style gohg" or "/gohg" at the limit read the limit's refusal,
        # not "did you mean gogh?")
        if name in ("style", "hq", "mix"):
            if words:
                known = self._all_known(words, req) or self.current_style(" ".join(words), req) is not None
                return 1 if known else None     # (current_style: a renamed style's old name paints it)
            return 1 if name != "mix" and self._default_paints(req) else None
        if name in self.commands:
            return None
        # /gogh, a style's shortcut; current_style: a renamed style's old name paints it too
        return 1 if self.current_style(name.replace("_", " "), req) is not None else None

    def _default_paints(self, req: Request) -> bool:
        default = self.prefs_of(req).default_style
        return bool(default) and self.current_style(default, req) is not None     # (renamed: it paints)

    async def skips_download(self, req: Request, photos: int = 1) -> bool:
        """Asked by a front-end before it downloads a request's ``photos`` (numbered: req.seq):
        True where the painting it asks for would be refused by the user's limits whatever the
        photos are (rate-limited, or at MAX_PENDING_PER_USER), judged once the user's earlier
        messages have taken their places (a flood's photos come together: each saw none taken
        yet). The front-end then hands the request on without its photos, and handle answers
        it with that refusal, as it would have with them (said once a burst, QUIET_KEYS); the
        photos are not kept. A flood of 100 photos downloaded 100 (up to 20 MB each) to paint 2."""
        entry = self._entry_of(req)
        if entry is None:
            return False
        parsed = self.parse(req)
        probe = dataclasses.replace(req, images=[b""] * max(1, photos))     # as it reads with its photos
        cost = self._paint_cost(probe, parsed)
        if cost is None:
            return False
        earlier = [e for n, e in self._in_flight.items()
                   if e.user == req.user_id and n < req.seq and not e.ready.is_set()]
        if earlier:
            # room for this one even if every earlier message is a painting (a /preview, 3):
            # downloaded at once, alongside theirs
            if self.painting_refusal(req.user_id, cost) is None \
                    and len(self.pending.get(req.user_id, ())) + len(earlier) < self.settings.MAX_PENDING_PER_USER \
                    and self.limiter.wait_time(req.user_id, cost + 3 * len(earlier)) == 0 \
                    and cost + 3 * len(earlier) <= self.limiter.jobs:
                return False
            # judged once they have taken their places, as handle reads the limits after them (a
            # refusal as it came went stale while an earlier photo downloaded: a painting ended
            # meanwhile, and the photo was refused with room for it, and lost)
            await self._after_earlier(req)
        refusal = self.painting_refusal(req.user_id, cost)
        if refusal is None:
            return False
        entry.unfetched = (refusal, photos, cost)
        return True

    async def _refuse_unfetched(self, req: Request, out: Responder, lang: str, parsed) -> None:
        """A request whose photos were not downloaded (skips_download): the refusal its painting
        would have got, as paint (a /cancel since it came drops it) and _album say it."""
        entry = self._entry_of(req)
        refusal, photos, cost = entry.unfetched
        entry.unfetched = None
        album = photos > 1 and self._paints_each(parsed, req)
        if self._dropped_by_cancel(dataclasses.replace(req, album=(1, photos)) if album else req):
            return
        refusal = self.painting_refusal(req.user_id, cost) or refusal     # (its seconds, now)
        if album:
            self._log_limit(req, refusal.key)
            error = self.error_text(lang, refusal.key, refusal.params)
            return await out.send(Reply(t(lang, "album_stopped", error=error, first=1, count=photos)))
        raise refusal

    def _free(self, user_id: str, slot: str) -> None:
        """A painting's place among the user's paintings in progress, given back (see _admit)."""
        mine = self.pending.get(user_id)
        if mine is not None:
            mine.pop(slot, None)
            if not mine:                # an empty dict kept for every user who ever painted
                del self.pending[user_id]
        self._slot_seq.pop(slot, None)
        self._slot_jobs.pop(slot, None)
